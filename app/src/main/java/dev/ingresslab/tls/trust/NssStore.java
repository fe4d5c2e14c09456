package dev.ingresslab.tls.trust;

import dev.ingresslab.tls.local.LocalCa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An NSS database, where Firefox (each profile) and Chromium on Linux ({@code ~/.pki/nssdb}) keep the roots they
 * trust beyond the system's, changed with NSS's {@code certutil} (libnss3-tools; macOS: {@code brew install nss}):
 * {@code certutil -A -d sql:DB -t C,, -n NAME -i ca.pem} adds the CA trusted for TLS servers ({@code C}),
 * {@code -D} removes it, {@code -L -n NAME} tells whether it is there. A browser running reads the change at its
 * next start.
 *
 * @param label    whose database: {@code Firefox profile abc.default}, {@code Chromium (~/.pki/nssdb)}
 * @param database the folder holding {@code cert9.db}
 * @param certutil the certutil executable, or null when it is not installed
 */
public record NssStore(String label, Path database, Path certutil) implements TrustStore {

    /** The NSS databases of a home folder: Chromium's, and every Firefox profile's (Linux, snap, macOS). */
    public static List<NssStore> under(Path home) {
        Path certutil = Commands.onPath("certutil");
        List<NssStore> stores = new ArrayList<>();
        Path chromium = home.resolve(".pki/nssdb");
        if (Files.isRegularFile(chromium.resolve("cert9.db"))) {
            stores.add(new NssStore("Chromium (" + chromium + ")", chromium, certutil));
        }
        for (Path profiles : List.of(home.resolve(".mozilla/firefox"), home.resolve("snap/firefox/common/.mozilla/firefox"),
                home.resolve("Library/Application Support/Firefox/Profiles"))) {
            if (!Files.isDirectory(profiles)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(profiles)) {
                entries.filter(profile -> Files.isRegularFile(profile.resolve("cert9.db"))).sorted()
                        .forEach(profile -> stores.add(new NssStore("Firefox profile " + profile.getFileName(),
                                profile, certutil)));
            } catch (IOException e) {
                // a folder we cannot list holds no profile we could change
            }
        }
        return stores;
    }

    @Override
    public String name() {
        return "NSS " + label;
    }

    @Override
    public boolean present() {
        return Files.isDirectory(database);
    }

    /** The database file {@code certutil} changes. */
    @Override
    public List<Path> files() {
        return List.of(database.resolve("cert9.db"));
    }

    /** The certificate's name in the database: one per CA. */
    static String nickname(LocalCa ca) {
        return "Ingress Lab local CA " + ca.fingerprint().replace(":", "").substring(0, 16).toLowerCase(Locale.ROOT);
    }

    private String db() {
        return "sql:" + database;
    }

    @Override
    public TrustStep status(LocalCa ca) {
        if (certutil == null) {
            return missingTool();
        }
        boolean there = Commands.run(List.of(certutil.toString(), "-L", "-d", db(), "-n", nickname(ca))).ok();
        return new TrustStep(name(), there ? TrustStep.State.TRUSTED : TrustStep.State.NOT_TRUSTED, "", List.of());
    }

    @Override
    public TrustStep trust(LocalCa ca) {
        if (certutil == null) {
            return missingTool();
        }
        if (status(ca).state() == TrustStep.State.TRUSTED) {
            return new TrustStep(name(), TrustStep.State.TRUSTED, "already there as " + nickname(ca), List.of());
        }
        List<String> add = List.of(certutil.toString(), "-A", "-d", db(), "-t", "C,,", "-n", nickname(ca), "-i",
                ca.certificateFile().toString());
        Commands.Result result = Commands.run(add);
        return result.ok()
                ? new TrustStep(name(), TrustStep.State.TRUSTED, "added as " + nickname(ca)
                + " (a running browser sees it after a restart)", List.of(add))
                : new TrustStep(name(), TrustStep.State.FAILED, "certutil -A failed: " + result.output()
                + " (close the browser and try again)", List.of(add));
    }

    @Override
    public TrustStep untrust(LocalCa ca) {
        if (certutil == null) {
            return missingTool();
        }
        if (status(ca).state() != TrustStep.State.TRUSTED) {
            return new TrustStep(name(), TrustStep.State.NOT_TRUSTED, "not there", List.of());
        }
        List<String> delete = List.of(certutil.toString(), "-D", "-d", db(), "-n", nickname(ca));
        Commands.Result result = Commands.run(delete);
        return result.ok()
                ? new TrustStep(name(), TrustStep.State.NOT_TRUSTED, "removed " + nickname(ca), List.of(delete))
                : new TrustStep(name(), TrustStep.State.FAILED, "certutil -D failed: " + result.output(), List.of(delete));
    }

    private TrustStep missingTool() {
        return new TrustStep(name(), TrustStep.State.FAILED, "certutil is not installed: on Debian or Ubuntu `sudo apt-get"
                + " install libnss3-tools`, on Fedora `sudo dnf install nss-tools`, on macOS `brew install nss`",
                List.of());
    }
}
