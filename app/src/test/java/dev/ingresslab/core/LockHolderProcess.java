package dev.ingresslab.core;

import java.nio.file.Path;

/**
 * A separate process that takes an {@link InstanceLock} and holds it until killed: what another Ingress Lab is to
 * this one. Prints {@code held} once it holds the lock. Started by the tests with this build's class path.
 */
public final class LockHolderProcess {

    private LockHolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        var lock = InstanceLock.tryAcquire(Path.of(args[0]), InstanceLock.Holder.current(args[1]));
        System.out.println(lock.isPresent() ? "held" : "busy");
        System.out.flush();
        Thread.sleep(120_000); // the test kills it long before; the bound keeps a lost process from lingering
    }

    /** Starts the holder and waits until it holds the lock. */
    static Process start(Path lockFile, String what) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), LockHolderProcess.class.getName(),
                lockFile.toString(), what).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8)).readLine();
        if (!"held".equals(line)) {
            process.destroyForcibly();
            throw new AssertionError("the lock holder process did not take the lock: " + line);
        }
        return process;
    }
}
