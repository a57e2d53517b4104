import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  emojiSequence,
  headerName,
  madeUpBasicPair,
  selfDescribing,
  typedInOrder,
} from "../src/detect/values.js";
import { dottedName, identifierWords, namesAdded, wordsIn } from "../src/detect/words.js";
import { scanFragment } from "../src/pipeline.js";
import { expandFakes } from "../src/rules/examples.js";
import { annotate } from "../src/structure/index.js";
import type { FileKind, Fragment } from "../src/types.js";
import { builtinEngine, scanText, seededBelow } from "./helpers.js";

const rulesOf = (t: string) => scanText(t).findings.map((f) => f.ruleId);
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 20,000 values of `alphabet` from a fixed seed, `min` to `min + spread - 1` characters long. */
function* randomValues(seed: number, min: number, spread: number, alphabet: string): Generator<string> {
  for (let i = 0; i < 20_000; i++) {
    let v = "";
    for (let k = min + (i % spread); k > 0; k--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      v += alphabet[(seed >>> 8) % alphabet.length];
    }
    yield v;
  }
}

describe("generic detection: secret-named keys", () => {
  it.each([
    ["dotenv", "PAYMENTS_API_KEY={{fake::alnum:32}}"],
    ["python", 'service_token = "{{fake::base64url:40}}"'],
    ["js object", '  clientSecret: "{{fake::alnum:40}}",'],
    ["json", '"webhook_secret": "{{fake::hex:48}}"'],
    ["go", 'apiKey := "{{fake::alnum:36}}"'],
    ["yaml", "auth_token: {{fake::alnum:30}}"],
    ["cli flag", "mytool --api-key {{fake::alnum:32}} --verbose"],
    ["cli flag =", "mytool --auth-token={{fake::alnum:32}}"],
    ["setter", 'req.setHeader("X-Api-Key", "{{fake::alnum:32}}")'],
    ["bearer", 'curl -H "Authorization: Bearer {{fake::alnum:40}}" https://api.internal.dev'],
    ["password", 'DB_PASSWORD="{{fake:P4-:alnum:12}}"'],
    ["word-and-digits password", 'db_password = "summer_sun{{fake::digits:4}}"'],
    ["url", "https://deploy:{{fake::alnum:20}}@registry.internal.dev/simple"],
    [
      "percent-encoded url password",
      "https://deploy:{{fake::alnum:10}}%21{{fake::alnum:10}}@registry.internal.dev/",
    ],
    // Beside the names and values dropped below: a secret under a name that holds an S3 name's words.
    ["S3 secret key", "AWS_S3_SECRET_KEY={{fake::base64:40}}"],
    ["dotted token", 'auth_token = "{{fake::alnum:10}}.{{fake::alnum:12}}.{{fake::alnum:10}}"'],
    ["base64 password with one pad", 'db_password = "{{fake::alpha:15}}="'],
    ["token config value", '"token": "{{fake::alnum:32}}"'],
    ["long web identity token", 'WebIdentityToken: "{{fake::alnum:300}}"'],
    // A declaration's type between its name and its value.
    ["TypeScript typed constant", 'export const SERVICE_TOKEN: string | undefined = "{{fake::alnum:32}}";'],
    ["Rust static string", 'const SECRET_TOKEN: &\'static str = "{{fake::alnum:32}}";'],
    ["Python annotated setting", '    db_password: Optional[str] = "{{fake::alnum:20}}"'],
    ["Kotlin typed value", 'val apiToken: String = "{{fake::alnum:32}}"'],
    ["Go typed var", 'var apiKey string = "{{fake::alnum:32}}"'],
    // XML: an element's text, a name and its value as attributes.
    ["XML element", "<server><id>repo</id><password>{{fake::alnum:20}}</password></server>"],
    ["XML element with attributes", '<apiKey encrypted="false">{{fake::alnum:32}}</apiKey>'],
    [".NET appSettings", '<add key="StripeSecretKey" value="{{fake::alnum:32}}" />'],
    ["Android string resource", '    <string name="stripe_secret_key">{{fake::alnum:32}}</string>'],
    ["Java properties as XML", '  <entry key="service.api.token">{{fake::alnum:32}}</entry>'],
    ["Android build config field", 'buildConfigField("String", "API_SECRET", "\\"{{fake::alnum:32}}\\"")'],
    ["Node's environment object", "process.env.SECRET_KEY = `{{fake::alnum:32}}`;"],
    ["C macro", '#define API_KEY "{{fake::alnum:32}}"'],
    ["a key beside a type", '{"key": "{{fake::alnum:32}}", "type": "hmac"}'],
    // A secret-named word numbered, with or without a `_` before the number.
    ["a numbered password in .env", "PASSWORD1={{fake::alnum:16}}"],
    ["a numbered password after a prefix", 'DB_PASSWORD2="{{fake::alnum:16}}"'],
    ["a numbered camel-case token", '  apiToken0: "{{fake::alnum:32}}",'],
    ["a numbered secret", "secret2: {{fake::alnum:24}}"],
    ["a numbered API key", 'api_key12 = "{{fake::alnum:32}}"'],
    ["a token numbered in the thousands", '  apiToken2999: "{{fake::alnum:32}}",'],
    ["a plist's numbered token", "<key>ApiToken0</key><string>{{fake::alnum:32}}</string>"],
    // A secret-named word run together with the one before it, as upper-case names often are.
    ["a run-together auth token", "NGROK_AUTHTOKEN={{fake::alnum:40}}"],
    ["a run-together access key", "MINIO_SECRETKEY={{fake::alnum:40}}"],
    ["a run-together client secret", '"CLIENTSECRET": "{{fake::alnum:32}}"'],
    ["a keystore's password (keytool's -storepass)", "STOREPASS={{fake::alnum:16}}"],
    ["an LDAP bind password", "LDAP_BINDPW={{fake::alnum:16}}"],
    ["a short password name", "DB_PW={{fake::alnum:16}}"],
    // Judged as passwords are: eleven characters are enough under a password's name.
    ["a password of eleven characters under a short name", "DB_PW={{fake:P4-:alnum:8}}"],
    ["a password of eleven characters under a numbered name", "PASSWORD1={{fake:P4-:alnum:8}}"],
    ["a passcode", 'passcode = "{{fake::alnum:16}}"'],
    // A store's own password: `store` names a store only as a name's last word.
    ["an Android keystore's password", '            storePassword = "{{fake::alnum:16}}"'],
    ["a storage account's key", "AZURE_STORAGE_ACCOUNT_KEY={{fake::alnum:40}}"],
    // Command syntax: a name, blanks and a quoted string, a line to themselves.
    ["Groovy's signing config in a build.gradle", '            keyPassword "{{fake::alnum:16}}"'],
    ["a Chef resource's password", '  password "{{fake::alnum:16}}"'],
    ["an nginx header directive", '    proxy_set_header X-Api-Key "{{fake::alnum:32}}";'],
    // Ruby's command call with a symbol for the name: Sinatra's and Capistrano's settings.
    ["a Sinatra session secret", "set :session_secret, '{{fake::alnum:32}}'"],
    ["a Capistrano password", '  set :password, "{{fake::alnum:16}}"'],
    ["a setting in parentheses", 'set(:smtp_password, "{{fake::alnum:16}}");'],
    ["a setting on a configuration object", 'config.set :api_token, "{{fake::alnum:24}}"'],
    // Secrets named by what they are for: a password hash's pepper, a Wi-Fi network's pre-shared key.
    ["a password hash's pepper", "PEPPER={{fake::alnum:32}}"],
    ["a wpa_supplicant network's pre-shared key", '    psk="{{fake::alnum:20}}"'],
    ["a Zabbix agent's TLS pre-shared key", 'tls_psk: "{{fake::hex:64}}"'],
  ])("finds a literal in %s", (_kind, line) => {
    const { text, findings } = scanText(line);
    expect(findings).toHaveLength(1);
    expect(text.slice(findings[0]!.column - 1, findings[0]!.endColumn - 1)).toBe(findings[0]!.secret);
  });

  it.each([
    ["env reference", "PAYMENTS_API_KEY=${PAYMENTS_API_KEY}"],
    ["vscode input", '"API_KEY": "${input:api-key}"'],
    ["actions secret", "token: ${{ secrets.DEPLOY_TOKEN }}"],
    ["1password", "API_KEY=op://vault/item/credential"],
    ["placeholder", 'api_key = "your-api-key-here"'],
    ["xxx", "API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx"],
    ["sk-...", "OPENAI_API_KEY=sk-..."],
    ["expression", "api_key = os.environ.get('API_KEY')"],
    ["member access", "const token = config.auth.token;"],
    ["env var name", 'bearer_token_env_var = "GITHUB_TOKEN"'],
    // A token's contract address in web3 code (`token` is an ERC-20's), and its chain-agnostic id.
    ["EVM address", '  token: "0x{{fake::hexupper:8}}{{fake::hex:32}}",'],
    ["CAIP-19 asset id", '  token: "eip155:8453/erc20:0x{{fake::hex:40}}",'],
    ["a strategy's name", "  authStrategy: createOAuthUserAuth,"],
    [
      "Cognito device key",
      "aws cognito-idp forget-device --device-key us-west-2_{{fake::hex:8}}-{{fake::hex:4}}-{{fake::hex:12}}",
    ],
    [
      "Cognito identity pool",
      'identity_pool_key = "eu-central-1:{{fake::hex:8}}-{{fake::hex:4}}-{{fake::hex:12}}"',
    ],
    ["max_tokens", "max_tokens: 4096"],
    ["token url", 'token_url = "https://auth.internal.dev/oauth/token"'],
    ["uuid under id key", 'request_id = "3f2b8c1e-9a4d-4e6b-8c2a-1d5e7f9a0b3c"'],
    [
      "sha under hash key",
      'password_hash = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"',
    ],
    ["integrity", '"integrity": "sha512-{{fake::base64:86}}=="'],
    ["changeme", "password: changeme"],
    ["short", 'api_key = "abc123"'],
    ["file path", "ssh_key: ~/.ssh/id_ed25519"],
    ["words", 'secret_name = "prod-database-password"'],
    ["aws example", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["private identifier", '    key: "_basenameOnly",'],
    ["numeronym identifier", 'const secret_code = "a11y_no_abstract_role";'],
    ["quoted float", 'api_key_weight = "-6.02214076e+23"'],
    // Words run together under a name that says key or token: identifiers, header and map key names.
    ["identifier", 'nextLastSignificantToken = "?NonExpressionParenEnd";'],
    ["header name", '  key: "Access-Control-Allow-Origin",'],
    ["dunder name", 'export declare const ssrModuleExportsKey = "__vite_ssr_exports__";'],
    ["dotted name", "self.key = '_threading_local._localimpl.' + str(id(self))"],
    ["acronym and words", 'handler_key = "HTTPPasswordMgrWithDefaultRealm"'],
    ["tag key", 'Key: "lambda:createdBy"'],
    ["object key", '"key": "myPipeline/SourceArti/key"'],
    ["color name", 'token_style = "#ansidarkgreen"'],
    ["file name", 'deploy_key: "WordPress_App_2-0.zip"'],
    ["timestamp", 'session_token: "2019-04-25T11:00:00Z"'],
    ["resource name", 'role_key = "arn:aws:iam::123456789012:role/Deploy"'],
    ["typed along the alphabet", 'token = "abcd1234defg5678"'],
    ["documentation's token", 'streamKey: "rt_123456789012_us-west-2_AbCdEfGh1234_abcd1234efg"'],
    ["pagination token", '"NextToken": "{{fake::base64:44}}"'],
    ["idempotency token flag", "aws ec2 run --client-token {{fake::hex:32}}"],
    ["digest under a key name", 'key_sha256 = "{{fake::hex:64}}"'],
    ["type path", '    "AWS::KMS::Key": "{{fake::hex:16}}",'],
    ["format string", 'password = f"{registry_id}-auth-token"'],
    ["a form label in a symbol call", 'f.label :password, "Your password"'],
    ["a pre-shared key's hint", 'psk_hint: "{{fake::alnum:20}}"'],
    ["a setting interpolated in Ruby", "set :db_password, \"#{ENV['DB_PASSWORD']}\""],
    ["a setting's placeholder", "set :password, 'changeme'"],
    ["RFC 6749's example token", '"access_token":"2YotnFZFEjr1zCsicMWpAA",'],
    ["source file name", "crypt_key: camellia256-set-encrypt-key.c"],
    ["next option", 'cargo login --private-key --private-key-subject="subject"'],
    ["enumerator", "_M_token = _S_token_ord_char;"],
    ["qualified name", "auto key = execution_context::_S_key;"],
    ["public key", '"keyid": "SHA256:x", "key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE{{fake::base64:88}}"'],
    ["interleaved made-up token", 'self.update_token = "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"'],
    ["S3 object key", '"S3Key": "867139942017-PHIDetection-{{fake::hex:32}}/"'],
    [
      "request token",
      '"RequestToken": "{{fake::hex:8}}-{{fake::hex:4}}-4725-{{fake::hex:4}}-{{fake::hex:12}}"',
    ],
    ["configuration flag", "--software-token-mfa-configuration Enabled={{fake::alnum:16}}"],
    ["media file name", 'aws s3api put-object --key "Map_Data_June_{{fake::digits:4}}.mp4"'],
    ["dotted property name", "EMRFS_SSE_KEY = 'fs.s3.enableServerSideEncryption'"],
    ["cipher transformation", "jdk.tls.keyLimits=AES/GCM/NoPadding KeyUpdate 2^37"],
    ["a setting's values", "# com.sun.management.jmxremote.password.toHashes = true|false"],
    ["algorithm name", "password_encryption = scram-sha-256"],
    ["path separator", 'using the "key::ecdsa-sha2-{{fake::hex:16}}" prefix mechanism'],
    ["option name and its =", '__mvncomp "username= passphrase= password= scmVersion="'],
    ["single-dash option", "use Test2::Util::HashBase qw{ -pass -no_debug -number };"],
    ["interpolated variable", '"-auth=anonymous:$FROM_EMAIL",'],
    ["value cut short", '"token": "{{fake::alnum:8}}#{{fake::alnum:4}}...{{fake::alnum:10}}!#5",'],
    ["optional member access", "credentials = init?.withCredentials"],
    [
      "one word and its =",
      'aws rds create-db-proxy --auth Description="proxydescription1",AuthScheme="SECRETS"',
    ],
    ["code generator's template", 'char *key = "__f2py_cb_#name#";'],
    ["negated member access", "hasAttributeTokens: !!request.attributeTokens?.length,"],
    ["member access between concatenations", 'r.push(this.algorithm+" Credential="+e.accessKeyId+"/"+a)'],
    ["dunder constant", 'const SUPPRESS_TRACING_KEY = "__SENTRY_SUPPRESS_TRACING__";'],
    ["URN", "const X509_SUBJECT_TOKEN = 'urn:openai:params:oauth:token-type:x509';"],
    ["metasyntactic password", "'http://atpass:foo%40bar@127.0.0.1:8080/path?search=foo#bar'"],
    ["percent-encoded password, short once decoded", "'href': 'http://atslash%2F%40:%2F%40@foo/',"],
    ["function called", "const credential = workloadIdentity.fromX509({"],
    ["an attribute map's wire name", '"net_ipv4": {"key": "netIpv4NeighDefaultGcThresh2", "type": "int"},'],
    [
      "an attribute map's wire name, single-quoted",
      "'ips': {'key': 'effectiveOutboundIPs', 'type': '[Ref]'},",
    ],
    [
      "an attribute map's entry over two lines",
      `"o365_policy": {
    "key": "properties.o365PolicyV2s",
    "type": "O365PolicyProperties",
},`,
    ],
    ["the name numbered", 'Possible values include: "password", "password2".'],
    ["a numbered migration", "dependencies = [('auth', '0011_update_proxy_permissions')]"],
    ["a type annotation", 'password: "Optional[str]" = None,'],
    ["a PowerShell parameter", "$args.Password = ConvertTo-SecureString -String $password -ErrorAction Stop"],
    ["interpolated variables", '$options[CURLOPT_USERPWD] = "$value[0]:$value[1]";'],
    ["a property list's key", "  <key>CFBundleShortVersionString</key>"],
    ["a password's crypt hash", "<secret>$1$ZsXC$zZ50wqhDC543ZWQkkAHLW0</secret>"],
    [
      "an Amazon identifier",
      "<SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>",
    ],
    ["an XML element that is no pair", "<label>Password</label> <th>API token</th>"],
    ["the name again, to fill in", '   "keyString": "my_keyString",'],
    ["an enumerator's namespaced value", 'ResetPassword = "identitytoolkit#ResetPasswordResponse",'],
    ["dunder name", "const RESERVED_DECIMAL128_KEY = '__decimal128__';"],
    ["pwd in a URL", "proxy: 'http://user:pwd@localhost:8080'"],
    ["bar in a URL", 'let ps = "http://foo:bar@localhost:1239".into_proxy_scheme().unwrap();'],
    ["RFC 7617's Basic credentials", "'Proxy-Authorization': 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'"],
    [
      "OpenSSL's FIPS integrity key",
      '#define FIPS_KEY_STRING "f4556650ac31d35461610bac4ed81b1a181b2d8a43ea2854cbae22ca74560813"',
    ],
    ["a method call between strings", "Buffer.from('username_with_=:password_with_=').toString('base64')"],
    ["long token with x's inside", 'WebIdentityToken: "{{fake::base64:120}}XXXXXXXX{{fake::base64:160}}"'],
    ["an identifier of short words", 'validateRequired("apiKey", "addApiKeyWithHTTPInfo", apiKey);'],
    ["an operation and its API version", 'const opGetKeyGroup = "GetKeyGroup2020_05_31"'],
    // Seen in npm packages' bundles (TensorFlow.js, Monaco's tokenizers, Iconify's docs).
    ["a transpiled class's method descriptor", 'p(e,[{key:"getNumNGrams",value:function(e,t){return e}}])'],
    [
      "a transpiled getter's descriptor",
      `{
    key: "getNumNGrams",
    get: function get() {`,
    ],
    ["an async method's descriptor", "{key:'getNumNGrams',value:async function(){}}"],
    ["a comparison in a minified script", "null===(d=x[h])||d&&k.key==d.key&&k.type===d.type)x[h]=void 0;"],
    ["a tokenizer's state-numbered name", '[/\'/, { token: "string.$S2.delim", next: "@pop" }]'],
    ["a tokenizer's group-numbered name", '"@tagwords": { token: "keyword.tag-$0" },'],
    [
      "an emoji's code points",
      " * \tkey = '1f441-200d-1f5e8' (converted to lower case, separated with dash)",
    ],
    // Next.js' docs and router, Braintree's Sonar settings.
    ["an HTTP header's name", "  key: 'Strict-Transport-Security',"],
    ["a header name's prefix", "const valueKey = 'x-middleware-request-' + key;"],
    ["a Sonar project's key", "sonar.projectKey=BT-node-ssdk"],
    // The Google Cloud SDK's help texts, samples and tests.
    [
      "a Google Cloud key's resource name",
      'encryption_key = "projects/my-project/locations/global/keyRings/my-keyring/cryptoKeys/my-key"',
    ],
    ["a resource name with wildcards", "  kms_key: projects/*/locations/*/keyRings/*/cryptoKeys/*"],
    [
      "an email address",
      'export OAUTH2CLIENT_TEST_P12_KEY_EMAIL="project-foo@developer.gserviceaccount.com"',
    ],
    ["a format string", "    access_token = 'InvalidToken:%s:%s' % (token, time.time() % 100)"],
    ["a named format string", 'auth_token = "%(scheme)s/%(region)s/aws4_request"'],
    [
      "an artifact and its version",
      "* Credentials (com.google.auth:google-auth-library-credentials:1.3.0 - https://github.com/googleapis)",
    ],
    ["a pattern's wildcard", '"pattern":"arn:([a-z\\d-]+):.*:.*:secret:AmazonLookoutMetrics-.+"'],
    ["a numbered word inside a name", "_CSRF_KEY = 'google_oauth2_csrf_token'"],
    ["the name in mixed case", '    mock_credentials.return_value.refresh_token = "rEfrEshtOkEn"'],
    // Debian's Perl and Python libraries.
    ["a name and an interpolated variable", '\tmy $key = "Checksums-$alg";'],
    ["anonymous FTP's password", "      $pass = '-anonymous@'"],
    ["a variable's name standing for its value", "            'client_secret': 'AUTH_CLIENT_SECRET_value',"],
    // Go's sources and test data, and a minified script in an HTML page.
    ["a passed test's name", "stdout '--- PASS: FuzzFoo/thispasses'"],
    [
      "a passed test's name in JSON",
      '{"Action":"output","Test":"TestVet/5","Output":"    --- PASS: TestVet/5 (0.07s)\\n"}',
    ],
    [
      "a module's path and its commit",
      "github.com/coreos/go-oidc/key c589d0c9f0d81640c518354c7bcae77d99820aa3",
    ],
    ["a ternary in a script", "<script>key=key===undefined?this.add(item):key;</script>"],
    ["a property assigned in a script", "<script>var keyToIdx=this._keyToInstIdx={};</script>"],
    ["a default in a script", "<script>this.keyFunc_=opt_keyFunc||defaultKey;</script>"],
    // Ansible collections' modules, roles and templates.
    ["an API's version", "    api_version: '2020-04-01-preview',"],
    ["a sudoers tag", "  password: 'NOPASSWD:'"],
    ["a template's filter", "password {{ item.pass_key|string }}"],
    ["a PowerShell variable's member", "$password = ($module.Params.password)"],
    ["a command as a URI", "  ssl_pass_phrase_dialog: exec:/usr/libexec/httpd-ssl-pass-dialog"],
    ["a camelCase name with a version", "      auth_key: subnetMaskV4"],
    ["OpenSSL's encrypted output", 'auth_password: "U2FsdGVkX1{{fake::base64:33}}="'],
    ["an htpasswd line", "    htpasswd: 'test:$2y$05${{fake::alnum:53}}'"],
    ["MySQL's password hash", "    password: '*{{fake::hexupper:40}}'"],
    // The AWS and Azure SDKs for Go, Symfony.
    ["base64 of a sentence", '    AccessToken: "dGhpcyBpcyBub3QgYSByZWFsIHZhbHVl",'],
    ["a name with a region's number", 's3UsEast1RegionalEndpointKey = "s3_us_east_1_regional_endpoint"'],
    ["the name numbered beyond two digits", '  ClientSecret: "client-secret-123",'],
    ["a style's color", "    protected static $themes = ['key' => 'color:#56DB3A'];"],
    [
      "an error's code",
      "    public const COMPROMISED_PASSWORD_ERROR = 'd9bcdbfe-a9d6-4bfa-a8ff-da5fd93e0f6d';",
    ],
    // Next.js' docs: a query's placeholder, the next parameter after it.
    [
      "a query parameter's placeholder",
      "- The CMS opens a URL like `/api/draft?secret=XXX&slug=/posts/foo` in a new tab.",
    ],
    // Rust's documentation: source code shown in HTML.
    ["HTML-escaped code", "<span>fn</span> <span>new</span>(key=handle::OwnedStore&lt;T&gt;) {}"],
    // Debian's Ansible.
    ["a template's placeholder", "password = @VMWARE_PASSWORD"],
    ["an ssh option", "        key_opts = 'StrictHostKeyChecking=no'"],
    ["RFC 5849's example token", '            oauth_token="kkk9d7dh3k39sjv7",'],
    ["requests-oauthlib's documented token secret", "        'oauth_token_secret': 'lsdajfh923874',"],
    // Go's trace viewer: minified JavaScript in an HTML page.
    [
      "an identifier that ends in its name",
      "this.selector_=tr.ui.b.createSelector(this,'groupKey','v8ICStatsGroupKey',this.groupKey_,PROPERTIES);",
    ],
    // The Google Cloud CLI's vendored libraries' tests and docstrings.
    ["a value meant to fail", "    PASSWORD = '##invalid-password##'"],
    ["a value that says what it is", '            client_secret = "abc_ThIsIsAsEcReT"'],
    ["a file's name", '    loader = self.get_test_loader(token_filename="not_exists_file_1123")'],
    // keystoneauth1, openstacksdk, websocket-client.
    ["a module's exported names", "__all__ = ('V3Saml2Password', 'V3ADFSPassword')"],
    ["an API's namespaced attribute", '        ud_key = "OS-EXT-SRV-ATTR:user_data"'],
    ["a WebSocket handshake's nonce", '  "Sec-WebSocket-Key":"k9kFAUWNAMmf5OEMfTlOEA==",'],
    // readable-stream's README: a maintainer's key, named by its fingerprint.
    ["a GPG key's fingerprint", "  - Release GPG key: 3ABC01543F22DD2239285CDD818674489FBC127E"],
    [
      "a GPG key's id",
      "    gpg --keyserver keys.openpgp.org --recv-keys key=4ED778F539E3634C779C87C6D7062848A1AB005C",
    ],
    // CPython's tests: a URL's parts in a tuple.
    ["a host and its port", "            ('http', 'user/name', 'password', 'localhost:22')),"],
    ["a dotted host and its port", '    db_password = "db.internal.example:5432"'],
    // The AWS SDK for Go v2's tests and constants.
    ["a query parameter's name", '        {Key: "QueryParamsStringKeyA", Value: "Foo"},'],
    ["a header's name after X-", '\tAmzRegionSetKey     = "X-Amz-Region-Set"'],
    [
      "a signature's credential scope",
      '\tcredential := "AKISORANDOMAASORANDOM/19700101/dynamodb/aws4_request"',
    ],
    // Rust's documentation.
    ["the Cargo Book's registry token", 'token = "854DvwSlUwEHtIo3kWy6x7UCPKHfzCmy"'],
    // govmomi's vSphere simulator; gophercloud.
    ["a vSphere object's key", '            Key:  "key-vim.host.PortGroup.Port-33554436",'],
    [
      "a vSphere device's key",
      '        Key: "key-vim.host.ScsiTopology.Lun-0000000000766d686261303a303a30",',
    ],
    ["a counter's name with a one-letter prefix", '            Key: "vFlashCacheIops",'],
    ["a counter's name with an acronym", '            Key: "numActiveVMDKs",'],
    ["AWS's signing algorithm", '\tEC2CredentialsAwsHmacV4 = "AWS4-HMAC-SHA256"'],
    // The Google Cloud CLI's help.
    ["a label's made-up name", "        (key = 'NewLabelKey2', value = 'NewLabelValue2'), run:"],
    ["names added up", "<script>getOrCreate(name,pid,tid){const key=kernelThreadName+pid+tid;}</script>"],
    ["a name and an index added up", "<script>while(map.has(uniqueKey)){uniqueKey=key+nextIndex;}</script>"],
    // Ansible's collections.
    ["an authentication mechanism's name", '    auth_mechanism: "MONGODB-X509"'],
    ["a yum repository's signing key file", '    gpg_key: "RPM-GPG-KEY-CentOS7"'],
    ["the name's own words", '    foreman_convert2rhel_key_centos7: "convert2rhel_centos7"'],
    ["an update's locking token", '      "update_token": "abcdef01-0000-0000-0000-123456789abc",'],
    // Debian's Django, Nova, OpenStack client, MediaWiki, WordPress and phpMyAdmin.
    ["a Django migration's name", "        ('auth', '0006_require_contenttypes_0002'),"],
    ["an IPv6 address", "        params = {v6_key: '2001:db8::9abc'}"],
    ["a versioned object's fingerprint", "    'ConsoleAuthToken': '1.1-8da320fb065080eb4d3c2e5c59f8bf52',"],
    [
      "an entry point's object",
      "ec2_credentials_create = openstackclient.identity.v2_0.ec2creds:CreateEC2Creds",
    ],
    // Built here: in this file's text its backslashes are escaped again.
    [
      "a PHP class's namespaced name",
      `  '/user-password' => '${["PhpMyAdmin", "Controllers", "UserPasswordController"].join("\\\\")}',`,
    ],
    ["interpolated variables", '        $key = "logentry-$type-$subtype";'],
    ["a name and an interpolated variable", '        $key = "lastcommentmodified:$timezone";'],
    ["a test's stand-in", "        user['password'] = 'fakepass2'"],
    // Debian's Azure SDK and Paramiko.
    // Zabbix's templates, PostfixAdmin.
    ["a Zabbix user macro", "        password: '{$ACTIVEMQ.PASSWORD}'"],
    ["a Zabbix macro with its context", "        password: '{$MYSQL.PASSWORD:\"replica\"}'"],
    ["a password hash's scheme", "    $password = '{SHA512-CRYPT.B64}'.base64_encode(crypt($pw, $salt));"],
    ["an LDAP search filter", "$config['password_ldap_search_filter'] = '(uid=%login)';"],
    ["a reference's name, numbered", "    key_ref1 = 'aff825be-6ede-4b1d-aeb0-aaec8e62aec6'"],
    // botocore's S3 examples: `key1`, `key2` number an example's keys; `auth0` names the provider.
    ["an example's numbered keys", '          "Tagging": "key1=value1&key2=value2"'],
    ["numbered keys of an example object", '{ key1: "{{fake::alnum:24}}", key2: "{{fake::alnum:24}}" }'],
    ["a provider's name with a zero", 'AUTH0_TENANT = "{{fake::alnum:24}}"'],
    ["a store of tokens", '  tokenStore: "{{fake::alnum:24}}",'],
    // Azure's SDK documents the passwords it refuses: a numbered name and a numbered value are one word.
    [
      "a list of disallowed passwords",
      '     "pass@word1", "Password!", "Password1", "Password22", "iloveyou!"',
    ],
    // A connection string read as free text: its value cut at the first `;` is a field, no secret.
    [
      "a storage connection string's first field",
      "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${KEY}",
    ],
    [
      "a database connection string's first field",
      "DB_CONNECTION_STRING=Server=tcp:db.internal.dev,1433;Database=app",
    ],
    ["a vendor's header name", '    NEXT_ROW_KEY = "x-ms-continuation-NextRowKey"'],
    ["an authentication protocol's name", '        auth_protocol = "MIT-MAGIC-COOKIE-1"'],
    ["a telemetry instrumentation key", 'INSTRUMENTATION_KEY = "71b954a8-6b7d-43f5-986c-3d3a6605d803"'],
    ["a keyboard shortcut", '    bindKey: "Ctrl-Shift-B",'],
    ["a user's name", "        u'auth_username': u'QbQQjj445uWgeQkFKcVw',"],
    ["a secret's UUID", '        self.flags(rbd_secret_uuid="3306a5c4-8378-4b3c-aa1f-7b48d3a26172",'],
    ["a folder", '    "OATHAuth": "tests/phpunit/",'],
    [
      "a message key's prefix",
      "    var messageKey = 'visualeditor-mwlanguagevariantcontextitem-title-' + type;",
    ],
  ])("drops %s", (_kind, line) => {
    expect(rulesOf(line)).toEqual([]);
  });
});

describe("key/value pairs found twice", () => {
  it("judges a value two shapes of assignment find (a quoted flag) once", () => {
    // `--api-key="…"` is both a quoted assignment and a command-line flag: one pair, one drop.
    const frag: Fragment = {
      text: 'tool --api-key="your-api-key-here" run\n',
      origin: { kind: "file", path: "run.sh", exposure: "tracked" },
      firstLine: 1,
      context: { fileKind: "other" },
    };
    const engine = builtinEngine();
    const r = scanFragment(frag, engine, {
      rules: engine.byId,
      clients: new Map(),
      pathPrefix: "",
      root: ".",
    });
    expect(r.findings).toEqual([]);
    expect(r.dropped).toEqual({ placeholder: 1 });
  });
});

describe("a value whose name stands beside it", () => {
  it("is read under that name in a Postman environment and a CloudFormation parameters file", () => {
    const postman = scanJson(
      '{"name": "prod", "values": [{"key": "baseUrl", "value": "https://api.internal.dev", "enabled": true}, {"key": "apiKey", "value": "{{fake::alnum:32}}", "enabled": true, "type": "secret"}]}',
    );
    expect(postman.findings.map((f) => [f.ruleId, f.keyPath])).toEqual([
      ["generic-secret", "values[1].value"],
    ]);
    const params = scanJson(
      '[{"ParameterKey": "Environment", "ParameterValue": "production"}, {"ParameterKey": "DBPassword", "ParameterValue": "{{fake::alnum:20}}"}]',
    );
    // Under a password's name both generic rules match; one finding is kept.
    expect(params.findings.map((f) => [f.keyPath, f.secret.length])).toEqual([["[1].ParameterValue", 20]]);
  });

  it("is not a password under a user interface's text names (a button's, a page's title)", () => {
    const labels = scanJson(
      '[{"key": "ui_reset_password_cancel_button", "value": "{{fake::alnum:12}}"}, {"key": "ui_changepwd_page_title", "value": "{{fake::alnum:16}}"}]',
    );
    expect(labels.findings).toEqual([]);
  });
});

describe("a data dump's generated names", () => {
  it("are not password names for ending in `pw`, which is a name's word only on its own", () => {
    const rows = ["nkyapw8", "nxcqpw8", "nuxsipw"].map(
      (name, i) => `{"id":${i},"name":"${name}","value":"v{{fake::alnum:13}}"}`,
    );
    expect(scanJson(`[${rows.join(",")}]`).findings).toEqual([]);
    // The same rows under a password's name are reported.
    const named = rows.map((row) => row.replace(/"name":"\w+"/, '"name":"db_pw"'));
    expect(scanJson(`[${named.join(",")}]`).findings.map((f) => f.ruleId)).toContain("generic-password");
  });
});

/** Scans a JSON file written from `template` (its fakes expanded), parsed, with every built-in rule. */
function scanJson(template: string) {
  return scanConfig(expandFakes(template, "json"), "data.json", "json");
}

/** Scans `text` as the config file `path`, annotated as `format`. */
function scanConfig(text: string, path: string, format: "json" | "yaml") {
  const engine = builtinEngine();
  return scanFragment(
    {
      text,
      origin: { kind: "file", path, exposure: "tracked" },
      firstLine: 1,
      context: { fileKind: "config", format },
      keys: annotate(text, format),
    },
    engine,
    { rules: engine.byId, clients: new Map(), pathPrefix: "", root: "." },
  );
}

describe("a shell variable's default", () => {
  it("is the literal after `:-` or `:=`, without the operator", () => {
    for (const template of [
      "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-{{fake::alnum:24}}}",
      "API_TOKEN=${API_TOKEN:={{fake::alnum:24}}}",
    ]) {
      const { text, findings } = scanText(template);
      expect(findings.map((f) => f.secret)).toEqual([text.slice(text.lastIndexOf(":") + 2, -1)]);
    }
    expect(scanText("DB_PASSWORD=${DB_PASSWORD:-changeme}").findings).toEqual([]);
  });
});

describe("pairs over lines", () => {
  it.each([
    [
      "a Terraform variable's default, under the variable's name",
      'variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "{{fake::alnum:20}}"\n}\n',
      "generic-password",
      4,
    ],
    [
      "a property list's entry, under its key, in the string on the next line",
      "<dict>\n  <key>CFBundleShortVersionString</key>\n  <string>1.0</string>\n  <key>StripeSecretKey</key>\n  <string>{{fake::alnum:28}}</string>\n</dict>\n",
      "generic-secret",
      5,
    ],
  ])("find %s", (_kind, template, ruleId, line) => {
    const { text, findings } = scanText(template);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([[ruleId, line]]);
    const f = findings[0]!;
    expect(text.split("\n")[line - 1]!.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
  });

  it("never take another variable's default for this one's", () => {
    const text = 'variable "db_password" {}\nvariable "region" {\n  default = "{{fake::alnum:20}}"\n}\n';
    expect(scanText(text).findings).toEqual([]);
  });
});

describe("secrets inside escaped JSON strings", () => {
  it("are found where they are written, each escape before them one character of the value", () => {
    const r = scanJson(
      '{"steps": [{"run": "echo \\u00e9t\\u00e9\\t\\"ok\\"\\nexport API_TOKEN=\\"{{fake::alnum:32}}\\"\\nmake"}]}\n',
    );
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.decoded).toBe("json-escape");
    expect(f.keyPath).toBe("steps[0].run");
    const text = expandFakes(
      '{"steps": [{"run": "echo \\u00e9t\\u00e9\\t\\"ok\\"\\nexport API_TOKEN=\\"{{fake::alnum:32}}\\"\\nmake"}]}\n',
      "json",
    );
    expect([f.line, f.endLine]).toEqual([1, 1]);
    expect(text.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
  });

  it("are each found where they are written when one string holds hundreds of them", () => {
    // A job's script in one escaped string, as a HAR file or a notebook's output holds one: each line
    // sets a token, with escapes of every length (`\t`, `\"`, `\u00e9`) before and between them.
    const lines = Array.from({ length: 300 }, (_, i) => `export API_TOKEN_${i}=\\"{{fake::alnum:32}}\\"`);
    const template = `{"run": "set -e\\t\\u00e9\\n${lines.join("\\n")}\\ndone"}\n`;
    const r = scanJson(template);
    const text = expandFakes(template, "json");
    expect(r.findings).toHaveLength(300);
    for (const f of r.findings) {
      expect(f.decoded).toBe("json-escape");
      expect(text.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
    }
    expect(new Set(r.findings.map((f) => f.secret)).size).toBe(300);
  });
});

describe("secrets inside a decoded value of several lines", () => {
  it("reports each credential of a Secret's base64 properties file, at the encoded value", () => {
    const props = expandFakes(
      "db.password={{fake::alnum:20}}\napi.token={{fake::alnum:20}}\nsmtp.password={{fake::alnum:20}}\n",
      "b64",
    );
    const encoded = Buffer.from(props).toString("base64");
    const text = `apiVersion: v1\nkind: Secret\ndata:\n  app.properties: ${encoded}\n`;
    const r = scanConfig(text, "secret.yaml", "yaml");
    const secrets = props
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("=")[1]);
    expect(r.findings.map((f) => f.secret).sort()).toEqual([...secrets].sort());
    for (const f of r.findings) {
      expect([f.decoded, f.keyPath, f.line, f.column]).toEqual(["base64", 'data["app.properties"]', 4, 19]);
    }
  });

  it("finds the assignment on a block scalar's first line", () => {
    const text = expandFakes(
      "kind: ConfigMap\ndata:\n  application.properties: |\n    spring.datasource.password={{fake::alnum:20}}\n    logging.level.root=INFO\n",
      "first",
    );
    const r = scanConfig(text, "cm.yaml", "yaml");
    expect(r.findings.map((f) => [f.ruleId, f.line])).toEqual([["generic-password", 4]]);
    const f = r.findings[0]!;
    expect(text.split("\n")[3]!.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
  });
});

describe("secrets inside long values", () => {
  /** Scans `text` as a YAML file, with its lines. */
  function scanYaml(text: string) {
    return { ...scanConfig(text, "deploy.yaml", "yaml"), lines: text.split("\n") };
  }

  /**
   * `n` lines of a script in a block scalar, each exporting a random token (thousands of fakes through
   * expandFakes would hash the whole template each).
   */
  function scriptLines(n: number, length: number): string[] {
    const below = seededBelow(n);
    const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return Array.from({ length: n }, (_, i) => {
      let token = "";
      while (token.length < length) token += alnum[below(alnum.length)];
      return `    export API_TOKEN_${i}="${token}"`;
    });
  }

  it("finds a password past 64 KiB of a ConfigMap's embedded properties file, on its line", () => {
    const filler = Array.from({ length: 1800 }, (_, i) => `    logging.level.com.example.module${i}=INFO`);
    const text = expandFakes(
      `apiVersion: v1\nkind: ConfigMap\ndata:\n  application.properties: |\n${filler.join("\n")}\n    spring.datasource.password={{fake::alnum:24}}\n`,
      "long",
    );
    expect(text.length).toBeGreaterThan(64 * 1024);
    const r = scanYaml(text);
    expect(r.findings.map((f) => [f.ruleId, f.keyPath, f.line])).toEqual([
      ["generic-password", 'data["application.properties"]', 1805],
    ]);
    const f = r.findings[0]!;
    expect(r.lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
  });

  it("maps each of thousands of hits in one block scalar to its own line", () => {
    const lines = scriptLines(2000, 32);
    const r = scanYaml(`job:\n  script: |\n${lines.join("\n")}\n`);
    expect(r.findings.length).toBeGreaterThan(1990); // a random token may read as words
    for (const f of r.findings) {
      expect(f.decoded).toBe("json-escape");
      expect(lines[f.line - 3]).toContain(`="${f.secret}"`);
      expect(r.lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1)).toBe(f.secret);
    }
  });

  it("counts a rule past its cap of matches in a value, as in a text", () => {
    const r = scanYaml(`job:\n  script: |\n${scriptLines(10_001, 24).join("\n")}\n`);
    expect(r.dropped["match-cap:generic-secret"]).toBe(1);
    expect(r.findings.length).toBeLessThanOrEqual(10_000);
    expect(r.findings.length).toBeGreaterThan(9_900);
  });
});

describe("numbers under secret-named keys", () => {
  it("drops a JSON float in exponent notation, keeps a secret beside it", () => {
    // A serializer writes a float as `3.3333333333333335e-05`: long, mixed, never a credential.
    const r = scanJson(
      '{"token_fraction": 3.3333333333333335e-05, "secret": 7.8396412850173926E+300, "api_key": "{{fake::alnum:32}}"}\n',
    );
    expect(r.findings.map((f) => f.keyPath)).toEqual(["api_key"]);
    expect(r.dropped["not-secret-value"]).toBe(2);
  });
});

describe("a variable's name beside its value", () => {
  it("pairs an MCP server.json environment variable's default with its name, not a plain setting's", () => {
    const r = scanJson(`{"environmentVariables": [
      {"name": "WEATHER_API_KEY", "isSecret": true, "default": "{{fake::hex:32}}"},
      {"name": "WEATHER_UNITS", "default": "{{fake::alnum:16}}"},
      {"name": "PAYMENTS_TOKEN", "value": "{{fake::alnum:32}}"}]}\n`);
    expect(r.findings.map((f) => [f.keyPath, f.ruleId])).toEqual([
      ["environmentVariables[0].default", "generic-secret"],
      ["environmentVariables[2].value", "generic-secret"],
    ]);
  });
});

describe("values made of words", () => {
  const RARE = builtinEngine().global.rareLetterPairs;
  it("keeps a password of words, and a token with a random part", () => {
    expect(rulesOf('db_password = "Blue-Monkey{{fake::digits:2}}-Summer"')).toEqual(["generic-password"]);
    expect(rulesOf('DB_PASSWORD="{{fake:Pw3-:lower:6}}"')).toEqual(["generic-password"]);
    // Four short words are a passphrase under a password's name, a name under any other (joined here:
    // the literal would be this file's own finding).
    const phrase = ["Red", "Fox", "Jumps", "High"].join("-");
    expect(rulesOf(`db_password = "${phrase}"`)).toEqual(["generic-password"]);
    expect(rulesOf(`api_token = "${phrase}"`)).toEqual([]);
    // Four words or more are an identifier even under a password name: Apple's class names in a set.
    expect(rulesOf("kASPasswordCredential = 'ASWebAuthenticationSession'")).toEqual([]);
    expect(rulesOf('service_token = "prod-{{fake::alnum:24}}"')).toEqual(["generic-secret"]);
  });

  /** A deterministic generator of random strings (a linear congruential one: the same every run). */
  function randomStrings(alphabet: string, count: number, length: (i: number) => number): string[] {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    return Array.from({ length: count }, (_, i) => {
      let s = "";
      for (let k = length(i); k > 0; k--) s += alphabet[next() % alphabet.length];
      return s;
    });
  }

  const ALPHABETS = {
    base62: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    base64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    hex: "0123456789abcdef",
  };

  it.each(Object.entries(ALPHABETS))("takes almost no random %s string for words", (_name, alphabet) => {
    const strings = randomStrings(alphabet, 100_000, (i) => 16 + (i % 25));
    expect(strings.filter((v) => wordsIn(v) > 0).length).toBeLessThan(20); // under 2 in 10,000
    // Short words too, when each reads as one: no more.
    expect(strings.filter((v) => wordsIn(v, RARE) > 0).length).toBeLessThan(20);
    // A prefix and an acronym set aside, and dotted paths of words.
    expect(strings.filter((v) => identifierWords(v, RARE) > 0).length).toBeLessThan(20);
    expect(strings.filter((v) => dottedName(v)).length).toBe(0);
  });

  it("takes no random pieces joined by dots or colons for a dotted name", () => {
    const pieces = randomStrings(ALPHABETS.base62, 120_000, (i) => 3 + (i % 10));
    let taken = 0;
    for (let i = 0; i + 4 <= pieces.length; i += 4) {
      const v = pieces.slice(i, i + 3 + (i % 2)).join(i % 8 ? "." : ":");
      if (dottedName(v)) taken++;
    }
    expect(taken).toBeLessThan(5); // of 30,000
  });

  it("takes almost no random groups joined by dashes or underscores for words", () => {
    const groups = randomStrings(ALPHABETS.base62, 200_000, (i) => 4 + (i % 3));
    let taken = 0;
    let short = 0;
    let headers = 0;
    for (let i = 0; i + 4 <= groups.length; i += 4) {
      const v = groups.slice(i, i + 3 + (i % 2)).join(i % 8 ? "-" : "_");
      if (wordsIn(v) > 0) taken++;
      if (wordsIn(v, RARE) > 0) short++;
      if (v.includes("-") && headerName(v)) headers++;
    }
    expect(taken).toBeLessThan(10); // of 50,000
    expect(short).toBeLessThan(10);
    expect(headers).toBeLessThan(10);
  });

  it("reads identifiers of short words as words only when each reads as one", () => {
    for (const v of ["GetKeyGroup", "addApiKeyWithHTTPInfo", "AWSAccessKeyId"]) {
      expect(wordsIn(v), v).toBe(0);
      expect(wordsIn(v, RARE), v).toBeGreaterThanOrEqual(3);
    }
    // A rare pair (`Xq`), an odd word or digits: not words.
    for (const v of ["GetXqyGroup", "GetKeyGroupQ", "Get2KeyGroup"]) expect(wordsIn(v, RARE), v).toBe(0);
  });

  it("reads acronyms written as words (Http, Sql) as words, and no other run of consonants", () => {
    for (const v of ["CIMHttpServer", "XmlHttpRequest", "parseSqlQuery"])
      expect(wordsIn(v, RARE), v).toBeGreaterThanOrEqual(3);
    for (const v of ["CIMHttpSrvr", "XmlHtpxRequest", "parseSqlQkr"]) expect(wordsIn(v, RARE), v).toBe(0);
  });

  it("reads names added up only when every part is a word or words, never a random base64 value", () => {
    expect(namesAdded("kernelThreadName+pid+tid")).toBe(true);
    expect(namesAdded("key+nextIndex")).toBe(true);
    expect(namesAdded("Ab3x+Yz9QkLm")).toBe(false);
    expect(namesAdded("kernelThreadName")).toBe(false);
    // 40,000 random values with a `+` every 32 characters on average, or every 8.
    let passed = 0;
    for (const v of randomValues(11, 12, 30, `${BASE62}++`)) if (namesAdded(v)) passed++;
    for (const v of randomValues(12, 12, 30, `${BASE62}${"+".repeat(8)}`)) if (namesAdded(v)) passed++;
    expect(passed).toBe(0);
  });

  it("keeps a secret that ends in a random part, and a password that ends in its name", () => {
    const token = scanText('createSelector("groupKey", "{{fake::alnum:24}}")');
    expect(token.findings).toHaveLength(1);
    const keyed = scanText('auth_key = "{{fake::alnum:24}}_key"');
    expect(keyed.findings).toHaveLength(1);
    // A random token that is not hex under a GPG-named key, and a hex secret on a line about nothing else.
    expect(scanText('gpg_token = "{{fake::alnum:32}}"').findings).toHaveLength(1);
    expect(scanText('api_key = "{{fake::hex:40}}"').findings).toHaveLength(1);
    const weak = scanText('db_password = "Adminpassword{{fake::digits:2}}"');
    expect(weak.findings).toHaveLength(1);
  });

  it("reads identifiers and header names as words, and no random part", () => {
    for (const v of [
      "?InterpolationInTemplate",
      "X-Forwarded-For",
      "__vite_ssr_import_meta__",
      "HTTPPasswordMgr",
    ]) {
      expect(wordsIn(v), v).toBeGreaterThanOrEqual(2);
    }
    for (const v of [
      "aB3dEf9GhIjK",
      "QwErTyUiOpAsDfGh",
      "summer_sun2024",
      "sha256_hmac",
      "QWRT-ZXCV-PLMN", // a licence key's shape: one acronym at most
      "x".repeat(64),
      "a-b",
    ]) {
      expect(wordsIn(v), v).toBe(0);
    }
  });
});

describe("names that only look random", () => {
  it("are emoji code points only when every group is an emoji's", () => {
    for (const v of [
      "1f441-200d-1f5e8",
      "1f1e6-1f1e8",
      "2764-fe0f",
      "0023-fe0f-20e3",
      "1f3f4-e0067-e0062-e007f",
    ])
      expect(emojiSequence(v), v).toBe(true);
    // A UUID, hex groups that are no emoji, symbols with no pictograph or joiner among them.
    for (const v of [
      "9f3c2a1e-4b7d-4c2a-9e1f-3a5b7c9d1e2f",
      "a1b2-c3d4-e5f6",
      "1f441-abcd",
      "2764-2765",
      "1f441",
    ])
      expect(emojiSequence(v), v).toBe(false);
  });

  it("keep a secret beside the shapes they are told by", () => {
    // A password with a numbered reference, not a name of words; a descriptor's value that is no function.
    expect(rulesOf('db_password = "{{fake::alnum:8}}$1{{fake::alnum:4}}"')).toEqual(["generic-password"]);
    expect(rulesOf('{key:"{{fake::alnum:32}}",value:"x"}')).toEqual(["generic-secret"]);
    expect(rulesOf('token = "{{fake::alpha:6}}.$S2.{{fake::alnum:12}}"')).toEqual(["generic-secret"]);
    // A word and two digits may be a weak password; a percent-encoded byte is no format's `%d`.
    expect(rulesOf('db_password = "summer{{fake::digits:2}}"')).toEqual(["generic-password"]);
    expect(rulesOf('api_token = "{{fake::alnum:8}}%d4{{fake::alnum:8}}"')).toEqual(["generic-secret"]);
    // A word and a number is no camelCase name with a version; a colon inside is no label.
    expect(rulesOf('db_password = "sunshine{{fake::digits:1}}"')).toEqual(["generic-password"]);
    expect(rulesOf('db_password = "{{fake::alpha:8}}:{{fake::alnum:8}}"')).toEqual(["generic-password"]);
    // Three pads end no comparison.
    expect(rulesOf('encryption_key = "{{fake::base64:40}}==="')).toEqual(["generic-secret"]);
    // A query parameter's secret, up to the next parameter.
    const query = scanText("the page asks /api/items?token={{fake::alnum:32}}&limit=10 first");
    expect(query.findings.map((f) => f.secret)).toEqual([query.text.split("token=")[1]!.split("&")[0]]);
    // A path's last segment names nothing, but a name alone does.
    expect(rulesOf("oidc_key {{fake::alnum:40}}")).toEqual(["generic-secret"]);
    // `==` is no assignment, but `=` right before a value is.
    expect(rulesOf("API_KEY={{fake::alnum:32}}")).toEqual(["generic-secret"]);
  });
});

describe("values typed along the alphabet", () => {
  it("are made-up tokens, and random ones are not", () => {
    expect(typedInOrder("AB1C2defGHijkLMNo3PqQRstUvwxyz")).toBe(true);
    expect(typedInOrder("abcd1234")).toBe(false); // too short to tell
    let typed = 0;
    for (const v of randomValues(99, 16, 30, BASE62)) if (typedInOrder(v)) typed++;
    expect(typed).toBe(0);
  });

  it("drops a provider-shaped made-up token, keeps a random one", () => {
    expect(
      rulesOf("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRST"),
    ).toEqual([]);
    expect(rulesOf("OPENAI_API_KEY={{fake:sk-proj-:alnum:56}}")).toEqual(["openai-project-key"]);
  });

  it("drops a value under a type path's name in a structured file, keeps the secret beside it", () => {
    const r = scanJson('{"AWS::KMS::Key": "{{fake::hex:16}}", "api_key": "{{fake::alnum:32}}"}\n');
    expect(r.findings.map((f) => f.keyPath)).toEqual(["api_key"]);
    expect(r.dropped["not-secret-key"]).toBeGreaterThanOrEqual(1);
  });
});

describe("JWTs signed with a key their documentation publishes", () => {
  /** A JWT of `payload`, signed with HMAC-SHA256 under `key`, made here (none is committed). */
  function jwt(payload: object, key: string): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const body = `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}`;
    return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
  }

  it("drops a token signed with jwt.io's or a README's key, reports one signed with any other", () => {
    const claims = { sub: "svc-reports", iat: 1735689600 };
    for (const key of ["your-256-bit-secret", "secret"]) {
      expect(rulesOf(`Authorization: Bearer ${jwt(claims, key)}`), key).toEqual([]);
    }
    const own = randomBytes(32).toString("base64url");
    expect(rulesOf(`Authorization: Bearer ${jwt(claims, own)}`)).toEqual(["jwt-token"]);
  });
});

/** Scans `template` (its fakes expanded) as the file `path` of kind `fileKind`, with every built-in rule. */
function scanAs(path: string, fileKind: FileKind, template: string) {
  const engine = builtinEngine();
  return scanFragment(
    {
      text: expandFakes(template, "as"),
      origin: { kind: "file", path, exposure: "tracked" },
      firstLine: 1,
      context: { fileKind },
    },
    engine,
    { rules: engine.byId, clients: new Map(), pathPrefix: "", root: "." },
  );
}

describe("values that name the credential they stand for", () => {
  const G = builtinEngine().global;

  it("are read through case, look-alike characters and percent-encoding", () => {
    for (const v of [
      "password123",
      "TopSecret1",
      "s00pers3cret",
      "P@55w0rd!",
      "p%40ss",
      "personal-access-token123",
      "password-for-30001",
      "thistokenexpires",
      "generatedwebdavpassword1",
      "PassWordMustBeAtLeast6Chars.",
    ]) {
      expect(selfDescribing(v, G), v).toBe(true);
    }
    for (const v of [
      "token_4f8a9b2c1d", // short runs of random characters around the word
      "compassionate-river", // `pass` inside a word
      "secret-3f9a8b7c6d5e4f3a2b1c", // more than six digits, in several runs
      "export-token-cu4lg26ofcziixny",
      `password${"a".repeat(60)}`, // too long to be a made-up example
      "Blue-Monkey42-Summer", // no credential's word
    ]) {
      expect(selfDescribing(v, G), v).toBe(false);
    }
  });

  it("rarely describe a random value that happens to hold the word", () => {
    /** How many of 20,000 random values of `alphabet` (a credential's word inside) name themselves. */
    const named = (alphabet: string) => {
      let n = 0;
      let i = 0;
      for (const v of randomValues(7, 20, 20, alphabet)) {
        const at = (i * 7919) % v.length;
        if (
          selfDescribing(v.slice(0, at) + ["token", "secret", "password", "pass"][i++ % 4] + v.slice(at), G)
        )
          n++;
      }
      return n;
    };
    expect(named(BASE62)).toBe(0);
    // Lower-case letters alone are the likeliest to read as words: still fewer than one in 2,000.
    expect(named("abcdefghijklmnopqrstuvwxyz")).toBeLessThan(10);
  });

  it("are dropped in documentation and kept as weak live credentials elsewhere", () => {
    const lines = 'password: "password123"\nauth: "personal-access-token123"\n';
    const docs = scanAs("README.md", "docs", lines);
    expect(docs.findings).toEqual([]);
    expect(docs.dropped.placeholder).toBe(2);
    expect(scanAs("config.yaml", "config", lines).findings.map((f) => f.secret)).toEqual([
      "password123",
      "personal-access-token123",
    ]);
    // A random token in the same documentation stays.
    expect(scanAs("README.md", "docs", 'auth: "{{fake::alnum:32}}"\n').findings).toHaveLength(1);
  });

  it("include a short percent-encoded URL password in documentation, not a long one nor one in code", () => {
    // Built here, so that this file holds none of them whole.
    const short = `https://user:${["he", "%2F%2F", "o"].join("")}@pypi.company.com/simple\n`;
    expect(scanAs("docs/authentication.md", "docs", short).findings).toEqual([]);
    expect(scanAs("setup.cfg", "config", short).findings).toHaveLength(1);
    const long = "https://deploy:{{fake::alnum:10}}%21{{fake::alnum:10}}@registry.internal.dev/\n";
    expect(scanAs("docs/authentication.md", "docs", long).findings).toHaveLength(1);
  });

  it("include a P-256 public key written as a bare point (Web Push's VAPID key), not bytes of its shape", () => {
    const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    const point = (y: Buffer) => Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), y]);
    const y = Buffer.from(jwk.y!, "base64url");
    const key = point(y).toString("base64url");
    expect(scanAs("src/push.ts", "code", `const DEFAULT_VAPID_KEY = '${key}';`).findings).toEqual([]);
    // The same shape off the curve is kept.
    const off = point(Buffer.from(y.map((b, i) => (i === 31 ? b ^ 1 : b)))).toString("base64url");
    expect(scanAs("src/push.ts", "code", `const DEFAULT_VAPID_KEY = '${off}';`).findings).toHaveLength(1);
  });

  it("include documentation's short passwords typed along the keys, weak live ones elsewhere", () => {
    const typed = ["A1", "b2", "c3", "d4"].join(""); // built here: this file holds none whole
    const line = `redshift modify-cluster --master-user-password ${typed}\n`;
    expect(scanAs("docs/redshift.rst", "docs", line).findings).toEqual([]);
    expect(scanAs("deploy.sh", "code", line).findings.map((f) => f.secret)).toEqual([typed]);
    // A random one of that length in the same documentation stays.
    const random = "--master-user-password {{fake::alnum:8}}\n";
    expect(scanAs("docs/redshift.rst", "docs", random).findings).toHaveLength(1);
  });

  it("include documentation's Basic pair, typed along the keys, and no account's", () => {
    const basic = (pair: string) => Buffer.from(pair, "latin1").toString("base64");
    expect(madeUpBasicPair(basic(`octocat:${"1234567890abcdef".repeat(2)}`))).toBe(true);
    // An account's pair, a short weak password, and bytes that are no pair.
    expect(madeUpBasicPair(basic(`deploy:${expandFakes("{{fake::alnum:24}}")}`))).toBe(false);
    expect(madeUpBasicPair(basic("admin:12345678"))).toBe(false);
    expect(madeUpBasicPair(expandFakes("{{fake::base64:32}}"))).toBe(false);
    expect(madeUpBasicPair(basic("1234567890abcdef1234567890abcdef"))).toBe(false);
  });

  it("include documentation's Basic pair under a secret-named key, and no account's", () => {
    const basic = (pair: string) => Buffer.from(pair, "latin1").toString("base64");
    const made = `{"authorization": "basic ${basic(`lv1.1234567890abcdef:${"1234567890abcdef".repeat(2)}`)}"}`;
    const r = scanAs("README.md", "docs", made);
    expect(r.findings).toEqual([]);
    expect(r.dropped.placeholder).toBeGreaterThan(0);
    const real = `{"authorization": "basic ${basic(`deploy:${expandFakes("{{fake::alnum:24}}", "basic")}`)}"}`;
    expect(scanAs("README.md", "docs", real).findings).toHaveLength(1);
  });

  it("are dropped in a doc comment's example too, and kept in the code around it", () => {
    // Built here, so that this file holds none of them whole.
    const named = ["personal", "access", "token123"].join("-");
    const says = ["this", "token", "expires"].join("");
    const url = "https://codeload.github.com/me/app/legacy.zip/main?";
    const code = [
      "/**",
      " * @example",
      ` * const client = new Client({ token: "${named}" });`,
      " */",
      `const fallback = { token: "${named}" };`,
      `/** @example ${url}login=me&token=${says} */`,
      `const url = \`${url}token=${says}\`;`,
      `/** @example (a closed block) */ const other = { token: "${named}" };`,
    ].join("\n");
    const r = scanAs("src/client.ts", "code", code);
    expect(r.findings.map((f) => [f.line, f.secret])).toEqual([
      [5, named],
      [7, says],
      [8, named],
    ]);
    expect(r.dropped.placeholder).toBe(2);
  });

  it("are dropped in an Ansible module's documentation blocks, and kept in its code", () => {
    // Built here, so that this file holds none of them whole.
    const named = ["Pass", "word", "123!"].join("");
    const typed = ["abc", "123", "def", "456"].join("");
    const module = [
      "DOCUMENTATION = r'''",
      "options:",
      "  client_secret:",
      "    description: The application's secret.",
      "'''",
      "",
      "EXAMPLES = r'''",
      "- name: Create a cluster",
      "  my.collection.cluster:",
      `    client_secret: "${named}"`,
      `    oauth_token: '${typed}'`,
      "'''",
      "",
      'RETURN = """',
      "cluster:",
      `  sample: {"client_secret": "${named}"}`,
      '"""',
      "",
      `DEFAULTS = {"client_secret": "${named}", "oauth_token": "${typed}"}`,
    ].join("\n");
    const r = scanAs("plugins/modules/cluster.py", "code", module);
    // In code, the same values are a weak password and a short token.
    expect(r.findings.map((f) => [f.line, f.secret])).toEqual([
      [19, named],
      [19, typed],
    ]);
    expect(r.dropped.placeholder).toBe(3);
  });

  it("are a translation catalogue's words, and a credential with digits there is not", () => {
    // Built here, so that this file holds no such pair whole.
    const sv = (w: string) => ["L", "\u00f6", w].join("");
    const words = JSON.stringify({
      password: sv("senord"),
      "config-db-password": `Databas-${sv("senord").toLowerCase()}:`,
      "login-token": "Ger-Tremen",
    });
    for (const path of [
      "languages/i18n/sv.json",
      "program/localization/sv_SE/labels.json",
      "po/sv.po",
      "languages/sv.lang",
    ])
      expect(scanAs(path, "config", words).findings).toEqual([]);
    // A message's arguments are no digits of a credential; Chinese text is words.
    const messages = JSON.stringify({
      "throttled-mailpassword": ["\u5bc6\u7801\u63d0\u9192", "$1", "\u5c0f\u65f6"].join(""),
      "password-hint": ["Kennwort", "{0}"].join(""),
      "password-length": ["Kennwort", "%1$s"].join(""),
    });
    expect(scanAs("languages/i18n/zh.json", "config", messages).findings).toEqual([]);
    expect(scanAs("config/settings.json", "config", words).findings.length).toBeGreaterThan(0);
    // A folder of examples per programming language is no catalogue.
    const letters = 'api_key = "{{fake::alpha:28}}"\n';
    expect(scanAs("examples/languages/python/config.py", "code", letters).findings).toHaveLength(1);
    const digits = '{"db_password": "{{fake::alnum:14}}4"}';
    expect(scanAs("languages/i18n/sv.json", "config", digits).findings).toHaveLength(1);
  });

  it("drop a known-answer test's key, and keep a key with no ciphertext beside it", () => {
    const vector = [
      "KEY = {{fake::hex:64}}",
      "NONCE = {{fake::hex:24}}",
      "IN = {{fake::hex:96}}",
      "AD = ",
      "CT = {{fake::hex:96}}",
      "TAG = {{fake::hex:32}}",
      "",
    ].join("\n");
    expect(scanAs("tests/aead_aes_256_gcm_tests.txt", "other", vector).findings).toEqual([]);
    const rust =
      'let pt = "6bc1";\nlet ct = "68b3";\nlet key = "{{fake::hex:32}}";\nlet iv = "{{fake::hex:32}}";\n';
    expect(scanAs("src/symm.rs", "code", rust).findings).toEqual([]);
    // A configuration's key and IV, an image's tag and a file mode: no answer of a test.
    const config = "KEY = {{fake::hex:64}}\nIV = {{fake::hex:32}}\nTAG = latest\nOUTPUT = 0755\n";
    expect(scanAs("app.conf", "config", config).findings).toHaveLength(1);
  });

  it("drop HTTP Basic credentials with no password: a client's id alone", () => {
    const basic = (pair: string) => Buffer.from(pair, "latin1").toString("base64");
    const line = (pair: string) => `headers = {'Authorization': 'Basic ${basic(pair)}'}\n`;
    const alone = scanAs("auth.py", "code", line("openshift-challenging-client:"));
    expect(alone.findings).toEqual([]);
    expect(alone.dropped["not-secret-value"]).toBeGreaterThan(0);
    const pair = scanAs("auth.py", "code", line(`deploy:${expandFakes("{{fake::alnum:24}}", "empty")}`));
    expect(pair.findings.map((f) => f.ruleId)).toEqual(["generic-basic-auth"]);
  });
});

/** Scans `template` (its fakes expanded) as the structured file `path`, annotated as `format`. */
function scanStructured(path: string, format: "yaml" | "json", template: string) {
  const text = expandFakes(template, "structured");
  return scanConfig(text, path, format).findings.map(
    (f) => `${f.ruleId}@${f.line}:${text.split("\n")[f.line - 1]!.slice(f.column - 1, f.column + 2)}`,
  );
}

describe("free text inside a structured file's values", () => {
  it("is read for pairs as in a text file, in a one-line value as in a block scalar", () => {
    const run = "export DB_PASSWORD=Zq8{{fake::alnum:14}} && ./deploy";
    expect(scanStructured("ci.yml", "yaml", `steps:\n  - run: ${run}\n`)).toEqual(["generic-password@2:Zq8"]);
    expect(scanStructured("ci.yml", "yaml", `steps:\n  - run: |\n      ${run}\n`)).toEqual([
      "generic-password@3:Zq8",
    ]);
    expect(
      scanStructured(
        "agents.yaml",
        "yaml",
        "a:\n  backstory: You use SerpAPI with key {{fake::hex:64}} always.\n",
      ),
    ).toEqual([expect.stringMatching(/^generic-secret@2:[0-9a-f]{3}$/)]);
    expect(
      scanStructured(
        "task.json",
        "json",
        '{"command": "docker run -e DB_PASSWORD=Zq8{{fake::alnum:14}} app"}',
      ),
    ).toEqual(["generic-password@1:Zq8"]);
  });

  it("reports a block scalar's secret where it is written, on any of its lines", () => {
    const run = "export DB_PASSWORD=Zq8{{fake::alnum:14}} && ./deploy";
    expect(
      scanStructured(
        "ci.yml",
        "yaml",
        `jobs:\n  b:\n    - run: |\n        echo one\n        echo two two\n        ${run}\n`,
      ),
    ).toEqual(["generic-password@6:Zq8"]);
    // Folded: its lines joined by spaces in the value, each secret still where it is written.
    expect(
      scanStructured(
        "t.yml",
        "yaml",
        `msg: >\n  first line\n  then ${run}\n  and api_key=Yk2{{fake::alnum:20}}\n`,
      ),
    ).toEqual(["generic-password@3:Zq8", "generic-secret@4:Yk2"]);
  });

  it("adds nothing where the value's own key says it all, or the free text holds a reference", () => {
    expect(scanStructured("c.yml", "yaml", "db:\n  password: Zq8{{fake::alnum:14}}\n")).toEqual([
      "generic-password@2:Zq8",
    ]);
    expect(
      scanStructured("ci.yml", "yaml", "steps:\n  - run: export DB_PASSWORD=${DB_PASSWORD} && ./x\n"),
    ).toEqual([]);
    expect(scanStructured("t.json", "json", '{"cmd": "login --password $PASSWORD --user admin"}')).toEqual(
      [],
    );
  });
});
