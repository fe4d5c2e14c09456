package dev.ingresslab.core;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Ingress Lab keeps its files ({@code sandbox/}: the sandboxes' kubeconfigs, their saved objects and locks,
 * see {@link SandboxSlot}; {@code run/}: the port locks, see {@link PortClaim}; later the local CA): {@code
 * INGRESS_LAB_HOME} when set,
 * else {@code ~/Library/Application Support/Ingress Lab} on macOS, {@code $XDG_DATA_HOME/ingress-lab} or
 * {@code ~/.local/share/ingress-lab} elsewhere.
 */
public final class DataDirectory {

    private DataDirectory() {
    }

    public static Path resolve() {
        return resolve(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    static Path resolve(Map<String, String> env, String osName, String home) {
        String override = env.get("INGRESS_LAB_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        if (osName != null && osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return Path.of(home, "Library", "Application Support", "Ingress Lab");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "ingress-lab") : Path.of(home, ".local", "share",
                "ingress-lab");
    }
}
