package dev.ingresslab.hosts;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * macOS's resolver cache: {@code dscacheutil -flushcache}, then {@code killall -HUP mDNSResponder} (which makes
 * mDNSResponder drop its cache; it needs root, which the elevated helper has). Each command gets 10 seconds.
 */
public final class MacResolverCache implements ResolverCache {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("/usr/bin/dscacheutil", "-flushcache"),
            List.of("/usr/bin/killall", "-HUP", "mDNSResponder"));

    @Override
    public String flush() {
        StringBuilder failures = new StringBuilder();
        for (List<String> command : COMMANDS) {
            String failure = run(command);
            if (failure != null) {
                failures.append(failures.length() == 0 ? "" : "; ").append(failure);
            }
        }
        if (failures.length() == 0) {
            return "flushed the resolver cache (dscacheutil -flushcache; killall -HUP mDNSResponder)";
        }
        return "could not flush the resolver cache (" + failures + "); new names may take a minute to resolve";
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Shell.join(command) + " did not finish in 10 s";
            }
            return process.exitValue() == 0 ? null : Shell.join(command) + " exited " + process.exitValue();
        } catch (IOException e) {
            return Shell.join(command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Shell.join(command) + " interrupted";
        }
    }
}
