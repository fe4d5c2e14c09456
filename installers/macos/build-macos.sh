# The macOS half of installers/build.sh (sourced by it, with its variables and functions): the app, signed when
# INGRESS_LAB_SIGN_IDENTITY is set; the .dmg and the .pkg, notarised and stapled when INGRESS_LAB_NOTARY_PROFILE
# is set too; the Homebrew cask filled in from the .dmg. Runs only on macOS (jpackage needs hdiutil, pkgbuild,
# codesign and xcrun there). macOS's bash is 3.2: an empty array is expanded as ${a[@]+"${a[@]}"} under set -u.

mac_name="Ingress Lab"
mac_options=(--mac-package-identifier dev.ingresslab.app --mac-package-name "$mac_name"
             --mac-app-category developer-tools) # Info.plist: LSApplicationCategoryType public.app-category.developer-tools
sign_options=()
if [ -n "${INGRESS_LAB_SIGN_IDENTITY:-}" ]; then
  # jpackage finds "Developer ID Application: NAME" (the app, the .dmg) and "Developer ID Installer: NAME" (the
  # .pkg) in the keychain, signs with the hardened runtime and these entitlements, as notarisation requires.
  sign_options=(--mac-sign --mac-signing-key-user-name "$INGRESS_LAB_SIGN_IDENTITY" --mac-package-signing-prefix dev.ingresslab.
                --mac-entitlements "$here/macos/entitlements.plist")
  [ -n "${INGRESS_LAB_SIGN_KEYCHAIN:-}" ] && sign_options+=(--mac-signing-keychain "$INGRESS_LAB_SIGN_KEYCHAIN")
  step "signing as Developer ID: $INGRESS_LAB_SIGN_IDENTITY"
else
  skip "signing" "INGRESS_LAB_SIGN_IDENTITY is not set: the app is unsigned (Gatekeeper asks before the first start: right-click, Open)"
fi
if [ -n "${INGRESS_LAB_NOTARY_PROFILE:-}" ] && [ ${#sign_options[@]} -eq 0 ]; then
  echo "build.sh: INGRESS_LAB_NOTARY_PROFILE needs INGRESS_LAB_SIGN_IDENTITY: Apple notarises only signed software" >&2
  exit 2
fi

step "making the app (jpackage --type app-image)"
"$jpackage" --type app-image --name "$mac_name" --dest "$target/image" --icon "$target/icon/ingress-lab.icns" \
  "${common[@]}" "${image_options[@]}" "${mac_options[@]}" ${sign_options[@]+"${sign_options[@]}"}
app="$target/image/$mac_name.app"
# What jpackage wrote in Info.plist (bundle id, name, versions, category, icon), for the build's log.
plutil -p "$app/Contents/Info.plist" | sed 's/^/  /' >&2

notarise() { # notarise FILE: Apple's notary service checks it; the ticket is stapled to it for offline starts
  [ -n "${INGRESS_LAB_NOTARY_PROFILE:-}" ] || return 0
  step "notarising $(basename "$1") (xcrun notarytool, profile $INGRESS_LAB_NOTARY_PROFILE)"
  xcrun notarytool submit "$1" --keychain-profile "$INGRESS_LAB_NOTARY_PROFILE" --wait
  xcrun stapler staple "$1"
}

dmg=""
if wanted dmg; then
  step "making the .dmg (jpackage --type dmg)"
  "$jpackage" --type dmg --app-image "$app" --name "$mac_name" --dest "$dist" "${common[@]}" \
    "${mac_options[@]}" ${sign_options[@]+"${sign_options[@]}"}
  dmg="$dist/ingress-lab-$version-macos-$arch.dmg"
  mv "$dist/$mac_name-$app_version.dmg" "$dmg"
  notarise "$dmg"
  built+=("$dmg ($(size_of "$dmg"))")
fi
if wanted pkg; then
  # The .pkg installs the app into /Applications and runs installers/macos/postinstall, which links
  # /usr/local/bin/ingress-lab to the app's command-line launcher.
  step "making the .pkg (jpackage --type pkg)"
  "$jpackage" --type pkg --app-image "$app" --name "$mac_name" --dest "$dist" "${common[@]}" \
    "${mac_options[@]}" ${sign_options[@]+"${sign_options[@]}"} --resource-dir "$here/macos"
  pkg="$dist/ingress-lab-$version-macos-$arch.pkg"
  mv "$dist/$mac_name-$app_version.pkg" "$pkg"
  notarise "$pkg"
  built+=("$pkg ($(size_of "$pkg"))")
fi
if [ -n "$dmg" ]; then
  cask="$dist/ingress-lab.rb"
  "$here/macos/fill-cask.sh" "$dmg" "$app_version" "$arch" > "$cask"
  built+=("$cask (the Homebrew cask for $(basename "$dmg"))")
fi
