package dev.ingresslab.core.hosts;

import java.nio.file.Path;
import java.util.Locale;

/** Where the operating system keeps its hosts file. */
public final class SystemHostsFile {

    private SystemHostsFile() {
    }

    /**
     * {@code /etc/hosts} on Linux and macOS (where it is a link to {@code /private/etc/hosts}, which the hosts store
     * follows), {@code %SystemRoot%\System32\drivers\etc\hosts} on Windows.
     */
    public static Path path() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
            return Path.of(root, "System32", "drivers", "etc", "hosts");
        }
        return Path.of("/etc/hosts");
    }
}
