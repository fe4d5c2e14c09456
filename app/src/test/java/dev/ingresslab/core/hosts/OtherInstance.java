package dev.ingresslab.core.hosts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another Ingress Lab process holding the claim on a hosts file, as a running {@code demo --sync-hosts} does: a
 * child JVM that takes the real {@link HostsClaim} (the real file lock) and holds it until closed. The claim is the
 * only thing about the other instance the tests need; starting a whole demo would take minutes.
 */
public final class OtherInstance implements AutoCloseable {

    private final Process process;

    private OtherInstance(Process process) {
        this.process = process;
    }

    /**
     * Starts the child and waits (at most 60 s) until it holds the claim.
     *
     * @param what what it says it is: {@code ingress-lab demo on port 28080}
     */
    public static OtherInstance holding(Path dataDirectory, Path hostsFile, String what) throws Exception {
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OtherInstance.class.getName(), dataDirectory.toString(), hostsFile.toString(), what))
                .redirectErrorStream(true).start();
        OtherInstance other = new OtherInstance(process);
        BufferedReader said = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = said.readLine(); // the child answers within seconds: it only takes a file lock
        if (!"held".equals(line)) {
            other.close();
            throw new IllegalStateException("the other instance did not take the claim: " + line);
        }
        return other;
    }

    /** Its process id, as the claim names it. */
    public long pid() {
        return process.pid();
    }

    /** Ends it (the operating system releases its claim) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The child: takes the claim, says "held", and holds it until standard input ends or it is killed. */
    public static void main(String[] args) throws IOException, HostsFailure {
        try (HostsClaim claim = HostsClaim.tryAcquire(Path.of(args[0]), Path.of(args[1]), args[2]).orElseThrow()) {
            System.out.println("held");
            System.out.flush();
            System.in.read(); // the parent never writes: this returns when it goes
        }
    }
}
