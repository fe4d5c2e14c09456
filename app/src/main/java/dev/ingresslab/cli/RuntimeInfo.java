package dev.ingresslab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * The Java runtime Ingress Lab runs on, and whether it is the one bundled with an installed copy.
 *
 * <p>An installed copy (installers/: the .deb, the tarball, the macOS app) starts Java with the system property
 * {@value #INSTALLATION_PROPERTY} set to its installation folder ({@code /opt/ingress-lab}, {@code …/Ingress
 * Lab.app/Contents}); its runtime is bundled when {@code java.home} lies inside that folder. A clone's
 * {@code ./ingress-lab} sets no such property and runs the system's Java.
 *
 * @param vendor       {@code java.vendor}, such as {@code Eclipse Adoptium}
 * @param version      {@code java.runtime.version}, such as {@code 17.0.15+6}
 * @param home         {@code java.home}
 * @param installation the installed copy's folder, or null when Ingress Lab does not run from an installed copy
 * @param bundled      whether {@code home} is inside {@code installation}
 */
record RuntimeInfo(String vendor, String version, Path home, Path installation, boolean bundled) {

    /** The system property an installed copy's launchers set to its installation folder. */
    static final String INSTALLATION_PROPERTY = "ingress-lab.installation";

    static RuntimeInfo current() {
        return of(System.getProperties());
    }

    /** The runtime described by these system properties (links resolved, so a symlinked /usr/bin path counts). */
    static RuntimeInfo of(Properties system) {
        Objects.requireNonNull(system, "system");
        Path home = Path.of(system.getProperty("java.home", ""));
        String installed = system.getProperty(INSTALLATION_PROPERTY);
        Path installation = installed == null || installed.isBlank() ? null : Path.of(installed);
        boolean bundled = installation != null && real(home).startsWith(real(installation));
        return new RuntimeInfo(system.getProperty("java.vendor", "unknown vendor"),
                system.getProperty("java.runtime.version", system.getProperty("java.version", "unknown")),
                home, installation, bundled);
    }

    /** {@code Eclipse Adoptium 17.0.15+6 at /opt/ingress-lab/lib/runtime (bundled with Ingress Lab)}. */
    String text() {
        String where = vendor + " " + version + " at " + home;
        if (bundled) {
            return where + " (bundled with Ingress Lab)";
        }
        if (installation != null) {
            return where + " (not the runtime bundled in " + installation + ")";
        }
        return where + " (the system's Java, not a bundled runtime)";
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize(); // missing: compare as written
        }
    }
}
