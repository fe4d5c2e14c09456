#!/usr/bin/env bash
# Builds Ingress Lab's installers, those this operating system can build, into installers/target/dist/:
#   Linux: the .deb and the app-image as a tarball;  macOS: the .dmg, the .pkg and the Homebrew cask.
# Each bundles a trimmed Java runtime (jlink: the modules of installers/modules.txt), the application and its
# libraries with the JavaFX natives of this platform (in Maven's JavaFX jars). It prints what it built, and what
# it skipped and why.
#
#   installers/build.sh [--skip-maven] [--only deb|tarball|dmg|pkg]... [--check-modules]
#
#   --skip-maven     use app/target/ingress-lab.jar and app/target/lib/ as they are (CI, after `./mvnw verify`)
#   --only TYPE      build only these (repeatable); the app-image they come from is built anyway
#   --check-modules  also run jdeps over the application's jars and fail when a module they need is missing
#                    from installers/modules.txt (slow: about 1.5 min on two cores)
#
# macOS signing and notarisation, switched on by the environment (see the README's "Building the installers"):
#   INGRESS_LAB_SIGN_IDENTITY   the name in the keychain's "Developer ID Application: NAME" and "Developer ID
#                               Installer: NAME" certificates, e.g. "Jane Doe (AB12CD34EF)": signs the app
#                               (hardened runtime, installers/macos/entitlements.plist), the .dmg and the .pkg
#   INGRESS_LAB_SIGN_KEYCHAIN   the keychain holding them (default: the user's search list)
#   INGRESS_LAB_NOTARY_PROFILE  a `xcrun notarytool store-credentials` profile: notarises and staples the .dmg
#                               and the .pkg (needs the signing identity)
#   INGRESS_LAB_RELEASE_URL     where the .dmg will be downloaded from, without the file name, for the cask's url
#   INGRESS_LAB_HOMEPAGE        the cask's homepage (default: the url)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"
dist="$target/dist"

skip_maven=false
check_modules=false
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-maven) skip_maven=true ;;
    --check-modules) check_modules=true ;;
    --only)
      [ $# -ge 2 ] || { echo "build.sh: --only needs a type: deb, tarball, dmg or pkg" >&2; exit 2; }
      case "$2" in
        deb|tarball|dmg|pkg) only+=("$2") ;;
        *) echo "build.sh: unknown type '$2' for --only: deb, tarball, dmg or pkg" >&2; exit 2 ;;
      esac
      shift ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (see installers/build.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

built=()
skipped=()
step() { echo "build.sh: $*" >&2; }
wanted() { # wanted TYPE: asked for, or no --only given
  [ ${#only[@]} -eq 0 ] && return 0
  local type; for type in "${only[@]}"; do [ "$type" = "$1" ] && return 0; done; return 1
}
skip() { skipped+=("$1: $2"); }
size_of() { du -h "$1" | cut -f1; }

# The JDK tools: those of JAVA_HOME when set, else those on the PATH. jpackage is in JDK 17 and later.
tool() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$1" ]; then echo "$JAVA_HOME/bin/$1"; return; fi
  command -v "$1" >/dev/null 2>&1 || { echo "build.sh: $1 is missing: install a JDK 17 or newer (not a JRE) and set JAVA_HOME" >&2; exit 1; }
  command -v "$1"
}
java="$(tool java)"; jlink="$(tool jlink)"; jpackage="$(tool jpackage)"; jdeps="$(tool jdeps)"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  *) echo "build.sh: $(uname -s) is not supported: jpackage's recipes here are for Linux and macOS" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) arch="$(uname -m)" ;;
esac

# 1. The application, as ./ingress-lab builds it: app/target/ingress-lab.jar with its libraries in app/target/lib.
if ! $skip_maven; then
  step "building the application (./mvnw -B -DskipTests -pl app -am package)"
  (cd "$root" && ./mvnw -B -q -DskipTests -pl app -am package)
fi
jar="$root/app/target/ingress-lab.jar"
[ -f "$jar" ] && [ -d "$root/app/target/lib" ] || {
  echo "build.sh: $jar or app/target/lib is missing: run without --skip-maven" >&2; exit 1; }

# The version: the project's (0.1.0-SNAPSHOT); jpackage's must be numbers (0.1.0).
version="$(awk -F'[<>]' '/<version>/ { print $3; exit }' "$root/pom.xml")"
app_version="${version%%-*}"

rm -rf "$target/input" "$target/runtime" "$target/image" "$dist"
mkdir -p "$target/input/lib" "$dist"

# 2. What goes in the image's app folder: the jar, its libraries where its manifest's Class-Path names them
#    (lib/), and the command-line launcher that the PATH links to (installers/launcher/ingress-lab).
cp "$jar" "$target/input/"
cp "$root"/app/target/lib/*.jar "$target/input/lib/"
cp "$here/launcher/ingress-lab" "$target/input/ingress-lab"
chmod 755 "$target/input/ingress-lab"

# 3. The icon, drawn by installers/icon/IconMaker.java (PNG for Linux, ICNS for macOS).
step "drawing the icon"
"$java" "$here/icon/IconMaker.java" "$target/icon"

# 4. The trimmed runtime.
modules="$(grep -v -e '^#' -e '^[[:space:]]*$' "$here/modules.txt" | paste -sd, -)"
if $check_modules; then
  step "checking installers/modules.txt against jdeps (about 1.5 min)"
  needed="$("$jdeps" -q --multi-release 17 --ignore-missing-deps --print-module-deps \
              --class-path "$target/input/lib/*" --recursive "$target/input/ingress-lab.jar")"
  missing="$(comm -23 <(tr , '\n' <<<"$needed" | sort) <(tr , '\n' <<<"$modules" | sort))"
  if [ -n "$missing" ]; then
    echo "build.sh: the application needs modules that installers/modules.txt lacks: $(paste -sd' ' - <<<"$missing")" >&2
    echo "          add them to installers/modules.txt (jdeps says: $needed)" >&2
    exit 1
  fi
fi
step "linking the runtime: $modules"
"$jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --output "$target/runtime"
# The class-data-sharing archive a JDK ships (lib/server/classes.jsa) and JDK 17's jlink does not make: with it
# the JVM maps the JDK's classes already parsed instead of loading them at every start.
"$target/runtime/bin/java" -Xshare:dump -Xlog:disable -Xlog:all=error >/dev/null

# 5. The app-image, the installers' common source. The native launcher (the desktop entry, the macOS app)
#    runs Java with the clone launcher's defaults (./ingress-lab: the parallel collector, a 64 MiB young
#    generation, metaspace's first threshold at 128 MiB); it reads no environment, so INGRESS_LAB_JAVA_OPTS (and
#    GDK_GL under Xvfb) is honoured by the command-line launcher on the PATH only. $ROOTDIR is jpackage's name for the image's root (/opt/ingress-lab, …/Contents).
common=(--app-version "$app_version" --vendor "Ingress Lab" --copyright "Ingress Lab contributors"
        --description "Kubernetes Ingress made tangible: route, explain and debug Ingress on your laptop")
image_options=(--input "$target/input" --main-jar ingress-lab.jar --main-class dev.ingresslab.cli.Main
               --runtime-image "$target/runtime"
               --java-options '-XX:+UseParallelGC' --java-options '-Xmn64m' --java-options '-XX:MetaspaceSize=128m'
               --java-options '-Dingress-lab.installation=$ROOTDIR')

if [ "$os" = linux ]; then
  step "making the app-image (jpackage --type app-image)"
  "$jpackage" --type app-image --name ingress-lab --dest "$target/image" --icon "$target/icon/ingress-lab.png" \
    "${common[@]}" "${image_options[@]}"
  image="$target/image/ingress-lab"

  if wanted tarball; then
    tarball="$dist/ingress-lab-$version-linux-$arch.tar.gz"
    tar -C "$target/image" -czf "$tarball" ingress-lab
    built+=("$tarball ($(size_of "$tarball"))")
  fi

  if wanted deb; then
    if ! command -v fakeroot >/dev/null 2>&1; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        step "installing fakeroot, which jpackage needs for a .deb (apt-get install fakeroot)"
        apt-get install -y -qq fakeroot >/dev/null || { apt-get update -qq && apt-get install -y -qq fakeroot >/dev/null; }
      fi
    fi
    if ! command -v dpkg-deb >/dev/null 2>&1; then
      skip ".deb" "dpkg-deb is missing (a .deb is built on Debian or Ubuntu)"
    elif ! command -v fakeroot >/dev/null 2>&1; then
      skip ".deb" "fakeroot is missing: run \`sudo apt-get install fakeroot\`, then this again"
    else
      step "making the .deb (jpackage --type deb)"
      "$jpackage" --type deb --app-image "$image" --name ingress-lab --dest "$dist" "${common[@]}" \
        --icon "$target/icon/ingress-lab.png" --resource-dir "$here/linux" \
        --linux-package-name ingress-lab --linux-package-deps libgtk-3-0 \
        --linux-shortcut --linux-menu-group "Development;Network;" --linux-app-category devel \
        --linux-deb-maintainer "ingress-lab@users.noreply.invalid"
      deb="$(ls "$dist"/ingress-lab_*.deb)"
      built+=("$deb ($(size_of "$deb"))")
    fi
  fi
  for type in dmg pkg; do
    wanted $type && skip ".$type" "jpackage builds it only on macOS (hdiutil, pkgbuild and codesign are macOS's)"
  done
  { wanted dmg; } && skip "Homebrew cask" "it is filled in from the .dmg, built only on macOS"
else
  . "$here/macos/build-macos.sh"
  for type in deb tarball; do
    wanted $type && skip "$type" "jpackage builds Linux packages only on Linux"
  done
fi

echo
echo "built (in $dist):"
if [ ${#built[@]} -eq 0 ]; then echo "  nothing"; else printf '  %s\n' "${built[@]}"; fi
if [ ${#skipped[@]} -gt 0 ]; then
  echo "skipped:"
  printf '  %s\n' "${skipped[@]}"
fi
