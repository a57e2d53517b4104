#!/usr/bin/env bash
# bench/peers.sh [dest]: gitleaks and TruffleHog for the bench's peer columns, from Debian's archive.
#
# Debian 12 (bookworm) carries neither; Debian's unstable suite carries both (gitleaks 8.26, TruffleHog
# 3.60 when this was written). This fetches the suite's signed index, checks its signature with the
# Debian archive keyring (gpgv), checks the package index and each package against the hashes the
# signed index gives, and unpacks the two packages into `dest` (default: .bench/peers). Nothing is
# installed system-wide and nothing runs as part of a package. `npm run bench` looks in
# .bench/peers/usr/bin before PATH.
#
# Needs curl, gpgv, xz, sha256sum, dpkg-deb and /usr/share/keyrings/debian-archive-keyring.gpg (a
# Debian or Ubuntu machine). DEBIAN_MIRROR and PEERS_SUITE choose another mirror or suite.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/../.bench/peers}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite="${PEERS_SUITE:-sid}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"

for tool in curl gpgv xz sha256sum dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "peers.sh: $tool is needed" >&2; exit 1; }
done
[ -r "$keyring" ] || { echo "peers.sh: $keyring is needed (debian-archive-keyring)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The suite's index, signed: its signature checked before anything in it is believed.
curl -fsSL "$mirror/dists/$suite/InRelease" -o "$tmp/InRelease"
gpgv --keyring "$keyring" "$tmp/InRelease" 2>"$tmp/gpgv.log" || {
  cat "$tmp/gpgv.log" >&2
  echo "peers.sh: $suite's InRelease does not verify" >&2
  exit 1
}

# The package index, checked against the hash the signed index gives for it.
index="main/binary-$arch/Packages.xz"
want="$(awk -v f="$index" '/^SHA256:/ { s = 1; next } /^[^ ]/ { s = 0 } s && $3 == f { print $1 }' "$tmp/InRelease")"
[ -n "$want" ] || { echo "peers.sh: $index is not in $suite's index" >&2; exit 1; }
curl -fsSL "$mirror/dists/$suite/$index" -o "$tmp/Packages.xz"
echo "$want  $tmp/Packages.xz" | sha256sum -c --quiet
xz -dc "$tmp/Packages.xz" >"$tmp/Packages"

for pkg in gitleaks trufflehog; do
  # The package's stanza: its file in the pool and that file's hash.
  read -r file sum version < <(awk -v p="$pkg" '
    /^Package: / { inside = ($2 == p) }
    inside && /^Version: / { v = $2 }
    inside && /^Filename: / { f = $2 }
    inside && /^SHA256: / { s = $2 }
    /^$/ { if (inside && f != "") { print f, s, v; exit } inside = 0 }
  ' "$tmp/Packages") || true # nothing read: the check below says which package is missing
  [ -n "${file:-}" ] || { echo "peers.sh: $pkg is not in $suite" >&2; exit 1; }
  curl -fsSL "$mirror/$file" -o "$tmp/$pkg.deb"
  echo "$sum  $tmp/$pkg.deb" | sha256sum -c --quiet
  dpkg-deb -x "$tmp/$pkg.deb" "$dest"
  echo "$version" >"$dest/$pkg.version" # the bench reports it (Debian's builds do not know theirs)
  echo "$pkg $version -> $dest/usr/bin/$pkg"
done
