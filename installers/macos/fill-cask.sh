#!/usr/bin/env bash
# Fills in the Homebrew cask template (installers/macos/ingress-lab.rb.in) for a built .dmg and prints it:
#   installers/macos/fill-cask.sh DMG VERSION ARCH > ingress-lab.rb
# VERSION is the app's (0.1.0), ARCH x64 or aarch64. The url is $INGRESS_LAB_RELEASE_URL/<the dmg's name>;
# without INGRESS_LAB_RELEASE_URL the cask points at the .dmg on this disk (file://), to try `brew install --cask
# ./ingress-lab.rb` before publishing, and says so on standard error.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: fill-cask.sh DMG VERSION ARCH(x64|aarch64)" >&2; exit 2; }
dmg="$1"; version="$2"
case "$3" in
  x64) arch=x86_64 ;;
  aarch64) arch=arm64 ;;
  *) echo "fill-cask.sh: ARCH must be x64 or aarch64, not '$3'" >&2; exit 2 ;;
esac
[ -f "$dmg" ] || { echo "fill-cask.sh: $dmg is not a file" >&2; exit 2; }
if command -v shasum >/dev/null 2>&1; then
  sha256="$(shasum -a 256 "$dmg" | cut -d' ' -f1)"
else
  sha256="$(sha256sum "$dmg" | cut -d' ' -f1)"
fi
if [ -n "${INGRESS_LAB_RELEASE_URL:-}" ]; then
  url="${INGRESS_LAB_RELEASE_URL%/}/$(basename "$dmg")"
else
  url="file://$(cd "$(dirname "$dmg")" && pwd)/$(basename "$dmg")"
  echo "fill-cask.sh: INGRESS_LAB_RELEASE_URL is not set: the cask's url is the local $url" >&2
fi
homepage="${INGRESS_LAB_HOMEPAGE:-$url}"
sed -e "s|@VERSION@|$version|" -e "s|@SHA256@|$sha256|" -e "s|@URL@|$url|" -e "s|@HOMEPAGE@|$homepage|" \
    -e "s|@ARCH@|$arch|" "$(dirname "${BASH_SOURCE[0]}")/ingress-lab.rb.in"
