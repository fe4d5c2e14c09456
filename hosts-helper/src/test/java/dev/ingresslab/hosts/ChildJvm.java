package dev.ingresslab.hosts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test main (or the helper) in a JVM of its own, with this module's main and test classes only. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The class path of the module's classes and test classes (no JUnit: the mains need none). */
    static String classPath() {
        return location(HostsHelperMain.class) + java.io.File.pathSeparator + location(ChildJvm.class);
    }

    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The command line running {@code main} with {@code args}, prefixed by {@code prefix} (setpriv …). */
    static List<String> command(List<String> prefix, Class<?> main, String... args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(HelperCommand.javaExecutable().toString());
        argv.add("-Xshare:auto");
        argv.add("-XX:TieredStopAtLevel=1"); // these JVMs live a second or two: start fast
        argv.add("-cp");
        argv.add(classPath());
        argv.add(main.getName());
        argv.addAll(List.of(args));
        return argv;
    }

    static Process start(Class<?> main, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), main, args)).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    static BufferedReader lines(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs to the end (at most 60 s) and returns exit code and output. */
    static Result run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in 60 s: " + argv);
        }
        return new Result(process.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }
}
