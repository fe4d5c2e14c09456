package dev.ingresslab.tls.trust;

import dev.ingresslab.tls.local.LocalCa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The macOS login keychain, which Safari, Chrome and every app using the system's TLS read: {@code security
 * add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db ca.pem} adds the CA as a trusted root (macOS
 * asks for the user's password in a dialog), {@code security delete-certificate -Z SHA1 -t} removes it with its
 * trust settings, {@code security verify-cert -c ca.pem -p ssl} tells whether it is trusted (security(1)).
 *
 * @param keychain the login keychain file
 */
public record MacKeychainStore(Path keychain) implements TrustStore {

    public static MacKeychainStore login(Path home) {
        return new MacKeychainStore(home.resolve("Library/Keychains/login.keychain-db"));
    }

    @Override
    public String name() {
        return "macOS login keychain (" + keychain + ")";
    }

    @Override
    public boolean present() {
        return Files.isRegularFile(keychain) && Files.isExecutable(Path.of("/usr/bin/security"));
    }

    /** The keychain file {@code security add-trusted-cert} changes. */
    @Override
    public List<Path> files() {
        return List.of(keychain);
    }

    @Override
    public TrustStep status(LocalCa ca) {
        List<String> verify = List.of("/usr/bin/security", "verify-cert", "-c", ca.certificateFile().toString(), "-p",
                "ssl", "-L", "-q");
        boolean trusted = Commands.run(verify).ok();
        return new TrustStep(name(), trusted ? TrustStep.State.TRUSTED : TrustStep.State.NOT_TRUSTED, "", List.of());
    }

    @Override
    public TrustStep trust(LocalCa ca) {
        if (status(ca).state() == TrustStep.State.TRUSTED) {
            return new TrustStep(name(), TrustStep.State.TRUSTED, "already trusted", List.of());
        }
        List<String> add = List.of("/usr/bin/security", "add-trusted-cert", "-r", "trustRoot", "-k",
                keychain.toString(), ca.certificateFile().toString());
        Commands.Result result = Commands.run(add);
        return result.ok()
                ? new TrustStep(name(), TrustStep.State.TRUSTED, "added as a trusted root", List.of(add))
                : new TrustStep(name(), TrustStep.State.FAILED, "security add-trusted-cert failed: " + result.output(),
                List.of(add));
    }

    @Override
    public TrustStep untrust(LocalCa ca) {
        List<String> delete = List.of("/usr/bin/security", "delete-certificate", "-Z", sha1(ca), "-t",
                keychain.toString());
        Commands.Result result = Commands.run(delete);
        return result.ok()
                ? new TrustStep(name(), TrustStep.State.NOT_TRUSTED, "removed with its trust settings", List.of(delete))
                : new TrustStep(name(), TrustStep.State.NOT_TRUSTED, "not there (" + result.output() + ")", List.of(delete));
    }

    private static String sha1(LocalCa ca) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(ca.certificate().getEncoded());
            return java.util.HexFormat.of().withUpperCase().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
