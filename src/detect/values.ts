/**
 * What a value's shape says about it: words, identifiers, expressions, file names, made-up examples.
 * Pure predicates over the value alone (and the global lists), for the judge (judge.ts).
 */
import type { GlobalData } from "../rules/types.js";
import { cryptoLib } from "../util/lazy.js";
import { urlDecoded } from "./decode.js";
import { dottedName, oneWord, pronounceable, rarePairIn, wordsIn, wordy } from "./words.js";

/** Look-alike characters between letters, as a made-up password spells its words (`s00pers3cret`). */
const LEET_RUN = /(?<=[a-z])[013457@$]+(?=[a-z])/g;
/** Each look-alike (`013457@$`) as the letter it stands for (`oieastas`). */
const asLetters = (run: string) => run.replace(/./g, (ch) => "oieastas"["013457@$".indexOf(ch)]!);
/** The words a credential is called by: a value that spells one is describing itself. */
const CREDENTIAL_WORD = /password|passwd|passphrase|secret|token|apikey|pass(?![a-z])/;
/** The pieces a value's remainder breaks into: an acronym, a word, a letter, digits, anything else. */
const PIECE = /[A-Z]{2,5}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+|[^A-Za-z0-9]+/g;

/**
 * Whether a value names the credential it stands for instead of being one, as documentation and tests
 * write them (`password123`, `TopSecret1`, `s00pers3cret`, `p%40ss`, `personal-access-token123`,
 * `password-for-30001`, `thistokenexpires`): read in lower case, percent-decoded and with look-alike
 * characters between letters read as letters, it holds a credential's word, and the rest is words
 * (wordLike runs of four letters or more, camel case split), at most one acronym and two short runs of
 * letters, and one run of at most six digits. Random characters around such a word break into short
 * runs, digit runs and rare letter pairs instead (`token_4f8a9b2c1d` stays; test/generic.test.ts counts
 * random values that pass).
 */
export function selfDescribing(value: string, g: GlobalData): boolean {
  if (value.length > 64) return false;
  const v = urlDecoded(value) ?? value;
  // In lower case, look-alikes read as letters, to find the word only (one for one: offsets stay v's,
  // unless lower case changed a letter's length, as it may outside ASCII).
  const lower = v.toLowerCase().replace(LEET_RUN, asLetters);
  const word = lower.length === v.length ? CREDENTIAL_WORD.exec(lower) : null;
  if (!word) return false;
  const rest = `${v.slice(0, word.index)} ${v.slice(word.index + word[0].length)}`;
  let short = 0;
  let digitRuns = 0;
  let acronyms = 0;
  for (const piece of rest.match(PIECE) ?? []) {
    const c = piece.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (++digitRuns > 1 || piece.length > 6) return false;
    } else if (c >= 65 && c <= 90 && piece.length > 1 && !/[a-z]/.test(piece)) {
      if (++acronyms > 1) return false;
    } else if (/[a-z]/i.test(piece)) {
      if (piece.length < 4) {
        if (++short > 2) return false;
      } else if (!wordLike(piece.toLowerCase(), g.rareLetterPairs)) return false;
    }
  }
  return true;
}

/** A run of lower-case letters as words are: pronounceable, and no pair of letters words rarely hold. */
function wordLike(w: string, rare: ReadonlySet<string>): boolean {
  return pronounceable(w) && !rarePairIn(w, rare);
}

/**
 * Whether a value was typed along the alphabet and the digits, as documentation's made-up tokens are
 * (`abcd1234efgh5678`, `AB1C2defGHijkLMNo3PqQRstUvwxyz`, `1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`): for
 * at least half of its characters, and eight or more, a letter or digit is followed by the next one
 * (in any case) right after it or one further. In a random string about one in 18 is. Documentation's
 * passwords are shorter (`A1b2c3d4`): `shortest` 8 there asks for four or more.
 */
export function typedInOrder(value: string, shortest = 16): boolean {
  if (value.length < shortest) return false;
  const s = value.toLowerCase();
  let next = 0;
  for (let i = 0; i + 1 < s.length; i++) {
    const a = s.charCodeAt(i);
    if (!((a >= 97 && a < 122) || (a >= 48 && a < 57))) continue;
    if (s.charCodeAt(i + 1) === a + 1 || s.charCodeAt(i + 2) === a + 1) next++;
  }
  return next >= shortest / 2 && next * 2 >= s.length - 1;
}

/** Heuristics for values under secret-named keys that are clearly not literals of a secret. */
export function notSecretValue(value: string, quoted: boolean): boolean {
  const v = value;
  if (/\s/.test(v)) return true; // prose, commands
  // an env var NAME, a constant's (`__SENTRY_KEY__`), or one naming what goes there (`AUTH_CLIENT_SECRET_value`)
  if (/^_{0,2}[A-Z][A-Z0-9_]{2,}(?:_value|_here)?$/.test(v)) return true;
  if (/^__[a-z][a-z0-9_]*__$/.test(v)) return true; // a dunder name (`__decimal128__`)
  if (/^\)?\.[A-Za-z_$][\w$]*\($/.test(v)) return true; // a method call cut out of code (`).toString(`)
  if (/^urn:[a-z0-9][a-z0-9-]{0,31}:\S/i.test(v)) return true; // a URN (`urn:ietf:params:oauth:token-type:jwt`)
  if (/^RPM-GPG-KEY(?:-[\w.]+)*$/.test(v)) return true; // the file name of a yum repository's signing key
  if (/^\{[A-Z][A-Z0-9.-]{1,30}\}$/.test(v)) return true; // a password hash's scheme (Dovecot's `{SHA512-CRYPT}`)
  if (/^\((?:[&|!]\()?[A-Za-z][\w.-]*=[^()\s]*\)\)?$/.test(v)) return true; // an LDAP filter (`(uid=%login)`)
  // member access (`!!init?.withCredentials`, `+e.accessKeyId+`, `this._keyToInstIdx=` too), dotted property
  // names (`fs.s3.enableServerSideEncryption`: digits and capitals together only in segments that are words)
  if (
    /^(?:!!?|\+)?[a-z_$][\w$]*(?:\??\.[\w$]+)+(?:\(\)|\+|=)?$/i.test(v) &&
    (!/\d.*[A-Z]|[A-Z].*\d/.test(v) ||
      v
        .replace(/^[!+]+|(?:\(\)|\+|=)$/g, "")
        .split(/\??\./)
        .every(wordy))
  )
    return true;
  if (dottedName(v)) return true;
  // an API's namespaced attribute name (OpenStack's `OS-EXT-SRV-ATTR:user_data`, `OS-DCF:diskConfig`)
  if (/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*:[a-z][A-Za-z_]*$/.test(v)) return true;
  if (/[()]/.test(v) && !quoted) return true; // call expression
  // comparisons and logic in code (`key===undefined?this.add`, `opt_keyFunc||`): base64 pads only at its end
  if (/[\w)\]$](?:===?|!==?)[\w(!'"$]|&&|\|\|/.test(v)) return true;
  if (/^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)/.test(v)) return true; // a file path
  if (/^[\w@.-]+(?:\/[\w@.-]+)+\.[a-z]{1,5}$/i.test(v) || /^[a-z0-9@._-]+(?:\/[a-z0-9@._-]+)+$/.test(v))
    return true; // relative path
  if (GCP_RESOURCE.test(v)) return true; // a Google Cloud resource's name (`projects/p/locations/l/keyRings/r`)
  if (EMAIL.test(v)) return true; // an email address (`project-foo@developer.gserviceaccount.com`)
  if (/%(?:\([A-Za-z_]\w*\))?(?:s|d(?![0-9A-Fa-f]))/.test(v)) return true; // a format string (`InvalidToken:%s:%s`)
  if (/^[A-Za-z][\w.-]*[-_./]\$\{?[A-Za-z_]\w*\}?$/.test(v)) return true; // a name and a variable (Perl's `"Checksums-$alg"`)
  // a string's interpolated variables (PHP's, Perl's, a shell's: `"logentry-$type-$subtype"`, `"modified:$timezone"`)
  if (/(?:^|[-:_/.])\$[a-z][a-z0-9_]{2,40}(?:$|[-:_/.])/.test(v)) return true;
  if (/^\d{4}_[a-z][a-z0-9_]*$/.test(v)) return true; // a Django migration's name (`0006_require_contenttypes_0002`)
  if (/^\d+\.\d+-[0-9a-f]{32}$/.test(v)) return true; // a versioned object's fingerprint (oslo's `1.1-8da320fb…`)
  // a Python object's path (an entry point's `pkg.module:Class`), a PHP class's namespaced name (`App\\Http\\Login`)
  if (/^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+:[A-Za-z_][\w.]*$/.test(v)) return true;
  if (/^\\{0,2}[A-Z][A-Za-z0-9]*(?:\\{1,2}[A-Z][A-Za-z0-9]*)+$/.test(v)) return true;
  if (IPV6.test(v)) return true; // an IPv6 address (`2001:db8::9abc`)
  if (/^[A-Za-z][\w.-]*:\d+(?:\.\d+){1,3}(?:[-.][A-Za-z0-9]+)?$/.test(v)) return true; // an artifact and its version
  if (/^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+):\d{1,5}$/.test(v)) return true; // a host and its port
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true; // a URL (credentials in URLs have their own rules)
  if (/^--[A-Za-z][\w-]*(?:=|$)/.test(v)) return true; // the next option of a command line (`--key --key-subject=`)
  if (/^-[a-z]+(?:[_-][a-z]+)*$/.test(v)) return true; // a single-dash option (`-no_debug`)
  if (/^-[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(v)) return true; // a PowerShell parameter (`-ErrorAction`)
  if (CMDLET.test(v)) return true; // a PowerShell cmdlet (`ConvertTo-SecureString`)
  if (/^[A-Z][A-Za-z]{1,30}\[[\w[\], .]{1,60}\]$/.test(v)) return true; // a type (`Optional[str]`, `Dict[str, Any]`)
  if (/^arn:[\w-]+:[\w-]*:/.test(v)) return true; // an Amazon Resource Name
  // An EVM account's or contract's address (`token: 0xA0b8…eB48`, a token's contract): public by design;
  // a chain-agnostic id of one (CAIP-10/19: `eip155:8453/erc20:0x…`).
  if (/^0x[0-9a-fA-F]{40}$/.test(v) || /^eip155:\d{1,12}[:/]/.test(v)) return true;
  // a signature's credential scope: an access key's id, a date, a region or service, `aws4_request`
  if (/^[A-Z0-9]{16,128}\/\d{8}\/(?:[\w-]+\/){1,2}aws4_request$/.test(v)) return true;
  // a password's crypt hash (`$6$salt$…`), alone or after its user (an htpasswd line), MySQL's (`*` and 40 digits)
  if (
    /^(?:[\w.-]{1,64}:)?\$(?:1|2[abxy]|5|6|y|gy|apr1|argon2(?:id|i|d))\$/.test(v) ||
    /^\*[0-9A-F]{40}$/.test(v)
  )
    return true;
  if (/^amzn1\.(?!oa2-cs\b)[\w-]+\.[\w.-]+$/.test(v)) return true; // an Amazon identifier (`amzn1.account.…`)
  if (ALGORITHM.test(v)) return true; // an algorithm's name (`scram-sha-256`, `ecdsa-sha2-nistp256`)
  if (/^(?:AES|DES|DESede|RSA|Blowfish|ChaCha20|ARCFOUR|RC[24])(?:\/[A-Za-z0-9]{2,20}){1,2}$/.test(v))
    return true; // a cipher transformation (`AES/GCM/NoPadding`)
  if (/^[a-z]{2,12}(?:\|[a-z]{2,12})+$/.test(v)) return true; // the values a setting takes (`true|false`)
  // an option's name and its `=` (`password=`, `scmVersion=`): lower case, or words (base64 is neither)
  if (
    /^[A-Za-z][\w-]{2,30}=$/.test(v) &&
    (/^[a-z_-]+=$/.test(v) || oneWord(v.slice(0, -1)) || wordsIn(v.slice(0, -1)) >= 2)
  )
    return true;
  if (/^(?:[A-Za-z_]\w{0,60}::)+~?[A-Za-z_]\w{0,60}$/.test(v)) return true; // a qualified name (`ns::Type::_S_key`)
  // A public key's DER (SubjectPublicKeyInfo: EC P-256 and P-384, Ed25519, RSA 2048 and 4096), base64
  if (
    /^(?:MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE|MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE|MCowBQYDK2VwAyEA|MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A|MIICIjANBgkqhkiG9w0BAQEFAAOCAg8A)/.test(
      v,
    )
  )
    return true;
  if (/^[\d.:-]+$/.test(v)) return true; // numbers, versions, dates, IPs
  if (/^\d{4}-\d\d-\d\d-[a-z]{2,12}$/.test(v)) return true; // an API's version (`2020-04-01-preview`)
  if (/^[A-Za-z][\w-]{0,40}:$/.test(v)) return true; // a label or a prompt (`NOPASSWD:`, `password:`)
  if (/^[a-z-]{2,30}:\s?#[0-9A-Fa-f]{3,8};?$/.test(v)) return true; // a style's color (`color:#56DB3A`)
  if (/^@[A-Z][A-Z0-9_]{2,}@?$/.test(v)) return true; // a template's placeholder (`@VMWARE_PASSWORD`, `@VAR@`)
  if (/&(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6})(?:;|$)/i.test(v)) return true; // HTML-escaped text (`OwnedStore&lt;T&gt;`)
  // an option set to a plain setting (ssh's `StrictHostKeyChecking=no`, `UserKnownHostsFile=/dev/null`)
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)+=(?:yes|no|true|false|on|off|ask|\d{1,6}|\/[\w/.-]*)$/.test(v))
    return true;
  if (/^[a-z_]\w*(?:\.\w+)+\s{0,2}\|\s{0,2}[a-z_]{2,}/.test(v)) return true; // a template's filter (`item.pass_key|string`)
  if (/^\$[A-Za-z_]\w*(?:\.\w+)+\)?$/.test(v)) return true; // a variable's member (`$module.Params.password`)
  if (/^[a-z][a-z0-9+.-]{1,20}:\/[\w/.-]+$/.test(v)) return true; // a URI with a path (`exec:/usr/libexec/x`)
  if (AWS_REGION_ID.test(v)) return true; // a Cognito pool's or device's id (`us-west-2_…`, `eu-west-1:…`)
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?$/.test(v)) return true; // a timestamp
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(v)) return true; // a number in exponent notation (a float's JSON)
  // words, kebab or snake names (`a11y_no_abstract_role`, `_private`, `#ansibrightblue`, `_S_token_ord_char`,
  // a numbered migration's `0002_alter_permission_name_max_length`, a prefix `x-middleware-request-`,
  // a word or a number inside `google_oauth2_csrf_token`, `s3_us_east_1_endpoint`, not at the end:
  // `summer12` may be a password),
  // camelCase identifiers (`_basenameOnly`, `subnetMaskV4`)
  if (
    /^(?:[_$#]{0,2}(?:[A-Z]_)?|\d{4}_)(?:(?:[a-z]+(?:\d{1,2}[a-z]*)?|\d{1,2})[-_.])*[a-z]+(?:\d{1,2}[a-z]+)?[-_.]?$/.test(
      v,
    ) &&
    v.length < 48
  )
    return true;
  if (/^[_$]{0,2}[A-Za-z][a-z]+(?:[A-Z][a-z]+)*(?:[A-Z]\d{1,2})?$/.test(v) && v.length < 40) return true;
  // lower-case words joined by `.`, `-` or `_`, with numbered references among them: a tokenizer's
  // names (Monaco's `string.$S2.delim`, `keyword.tag-$1`), a replacement template
  if (/^[a-z]+(?:[-_.](?:[a-z]+|\$(?:S?\d|#)))+$/.test(v) && /\$(?:S?\d|#)/.test(v)) return true;
  if (emojiSequence(v)) return true;
  if (/\.(?:pem|key|crt|json|ya?ml|txt|env|p12|pfx|jks)$/i.test(v)) return true; // file names
  if (
    /^[\w@.-]+\.(?:zip|tar|gz|tgz|bz2|xz|7z|jar|war|whl|egg|exe|dll|so|dylib|bin|img|iso|deb|rpm|apk|ipa|dmg|png|jpe?g|gif|svg|webp|pdf|csv|xml|html?|md|log|sql|db|sqlite|c|h|cc|cpp|py|js|ts|go|rs|java|rb|php|sh|mp[34]|m4a|mov|avi|mkv|wav|flac|ogg|webm|ova|ovf|vmdk|vhdx?|qcow2)$/i.test(
      v,
    )
  )
    return true;
  if (/\(\?[:=!<]|\\[dswbDSWB]|[a-z]_\?[a-z]|\{\d+(?:,\d*)?\}|\[[^\]]{1,20}-[^\]]{1,20}\]|\.\*|\.\+$/.test(v))
    return true; // a regex
  return false;
}

/**
 * A Google Cloud resource's name (AIP-122): a project, organization, folder or billing account, then
 * collections (lowerCamel words) and ids in turn, ids maybe wildcards or placeholders.
 */
const GCP_RESOURCE =
  /^(?:projects|organizations|folders|billingAccounts)\/[^/\s]+(?:\/[a-z][A-Za-z]{1,40}\/[^/\s]+)+\/?$/;
/** An email address: its local part, `@`, a domain with a top-level name. */
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** Code points that join or dress emoji: zero-width joiner, variation selector 16, keycap. */
const EMOJI_JOINERS = new Set([0x200d, 0xfe0f, 0x20e3]);

/**
 * A header's name: capitalized words joined by dashes (`Strict-Transport-Security`, whose `Strict` has
 * too few vowels for wordsIn), maybe after `X-` (`X-Amz-Region-Set`). A token's random groups almost
 * never are (test/generic.test.ts).
 */
export function headerName(v: string): boolean {
  if (/^(?:X-)?[A-Z][a-z]{1,30}(?:-[A-Z][a-z]{1,30})+$/.test(v)) return true;
  // a vendor's lower-case prefix (`x-ms-`, `x-amz-`, `x-goog-`), then words (`x-ms-continuation-NextRowKey`)
  const vendor = /^x-[a-z]{2,5}-/i.exec(v);
  return vendor !== null && wordsIn(v.slice(vendor[0].length)) >= 2;
}

/** Pictographs (from U+1F000) and the tags that spell a subdivision's flag. */
function pictograph(c: number): boolean {
  return (c >= 0x1f000 && c <= 0x1faff) || (c >= 0xe0020 && c <= 0xe007f);
}

/**
 * An emoji written as its code points in hex, joined by dashes, as emoji data names them
 * (`1f441-200d-1f5e8`, `1f1e6-1f1e8`, `2764-fe0f`, `0023-fe0f-20e3`): two or more of four or five
 * digits, each a pictograph's, a joiner's, a symbol's (U+2000 to U+2BFF) or a keycap's base (`#`, `*`,
 * a digit), one at least a pictograph or a joiner. A UUID's groups (8-4-4-4-12) never are.
 */
export function emojiSequence(v: string): boolean {
  if (!/^[0-9a-f]{4,5}(?:-[0-9a-f]{4,5})+$/i.test(v)) return false;
  let marked = false;
  for (const g of v.split("-")) {
    const c = Number.parseInt(g, 16);
    if (EMOJI_JOINERS.has(c) || pictograph(c)) marked = true;
    else if (!(c >= 0x2000 && c <= 0x2bff) && c !== 0x23 && c !== 0x2a && !(c >= 0x30 && c <= 0x39))
      return false;
  }
  return marked;
}

/** A PowerShell cmdlet's name: one of its common approved verbs, a dash, a noun in Pascal case. */
const CMDLET =
  /^(?:Add|Clear|Close|Compare|Connect|Convert|ConvertFrom|ConvertTo|Copy|Disable|Disconnect|Enable|Enter|Exit|Expand|Export|Find|Format|Get|Grant|Import|Initialize|Install|Invoke|Join|Measure|Move|New|Open|Out|Protect|Publish|Read|Receive|Register|Remove|Rename|Reset|Resolve|Restart|Revoke|Save|Select|Send|Set|Show|Split|Start|Stop|Test|Uninstall|Unprotect|Unregister|Update|Wait|Write)-[A-Z][A-Za-z]{1,40}$/;

/** Names of hash, cipher, signature and key-derivation algorithms, with their parameters. */
const ALGORITHM =
  /^(?:aws4|goog4|scram|sha|sha[123]|aes|rsa|hmac|md5|3?des|chacha20|ecdsa|ed(?:25519|448)|x25519|blake2[bs]|argon2(?:id?|d)?|bcrypt|scrypt|pbkdf2)(?:-(?:[a-z]{1,10}\d{0,4}|\d{1,4}))*$/i;

/**
 * Whether HTTP Basic credentials (base64 of `user:password`) are documentation's, the password typed
 * along the keys (`1234567890abcdef…`). Other bytes are not: only a made-up pair is.
 */
export function madeUpBasicPair(secret: string): boolean {
  const password = basicPassword(secret);
  return password !== undefined && typedInOrder(password);
}

/** The password of HTTP Basic credentials (base64 of printable `user:password`), or undefined. */
export function basicPassword(secret: string): string | undefined {
  const pair = Buffer.from(secret, "base64").toString("latin1");
  const colon = pair.indexOf(":");
  return colon >= 0 && /^[\x20-\x7e]+$/.test(pair) ? pair.slice(colon + 1) : undefined;
}

/** An IPv6 address: eight groups, or fewer around one `::`. */
const IPV6 =
  /^(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$|^(?=[0-9a-f:]{3,39}$)(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?$/i;

/** An AWS region, then `_` or `:` and an id: how Cognito names user pools, identity pools and devices. */
const AWS_REGION_ID =
  /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d[_:][\w-]{1,80}$/;

/** An uncompressed EC point's shape in base64url or base64: 65 bytes, the first 4 (`B` and `A`-`P`). */
const EC_POINT = /^B[A-P][A-Za-z0-9_+/-]{85}=?$/;

/**
 * Whether a value is a P-256 public key as a bare point (65 bytes: 4, then x and y on the curve), as Web
 * Push's application server key (VAPID) is written, published to every browser. On the curve, checked
 * by Node's crypto: random bytes of that shape are not, but for one chance in 2^128.
 */
export function ecPublicPoint(v: string): boolean {
  if (!EC_POINT.test(v)) return false;
  const bytes = Buffer.from(v, "base64url");
  if (bytes.length !== 65 || bytes[0] !== 4) return false;
  try {
    cryptoLib().createPublicKey({
      key: {
        kty: "EC",
        crv: "P-256",
        x: bytes.subarray(1, 33).toString("base64url"),
        y: bytes.subarray(33).toString("base64url"),
      },
      format: "jwk",
    });
    return true;
  } catch {
    return false;
  }
}
