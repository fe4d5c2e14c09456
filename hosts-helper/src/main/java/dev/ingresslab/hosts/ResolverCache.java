package dev.ingresslab.hosts;

import java.util.Locale;

/**
 * The system's resolver cache, flushed after the hosts file changed so the new names resolve at once.
 *
 * <p>macOS caches lookups in mDNSResponder, which does not re-read {@code /etc/hosts} by itself soon enough:
 * {@link MacResolverCache} runs {@code dscacheutil -flushcache} and {@code killall -HUP mDNSResponder} (Apple's
 * documented way, which needs administrator rights for the second command: the elevated helper runs it). Linux
 * needs nothing: glibc reads the file on each lookup, and systemd-resolved and nscd notice the change themselves;
 * {@link #none(String)} says so.
 */
public interface ResolverCache {
    /**
     * Flushes the cache.
     *
     * @return one line saying what was done (or why nothing was)
     */
    String flush();

    /** The cache of the running system: macOS's, or none elsewhere. */
    static ResolverCache forThisSystem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return new MacResolverCache();
        }
        return none("no resolver cache to flush on " + System.getProperty("os.name")
                + ": lookups read the hosts file as it is now");
    }

    /** A cache with nothing to flush; {@link #flush()} returns {@code why}. */
    static ResolverCache none(String why) {
        return () -> why;
    }
}
