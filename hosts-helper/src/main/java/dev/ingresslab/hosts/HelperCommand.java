package dev.ingresslab.hosts;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of the helper: the command line of {@link HostsHelperMain} (this JVM's {@code java}, a class path of
 * this module's jar alone, the main class, the hosts file, {@code sync} or {@code clean}) and the block it reads on
 * stdin. A {@link PrivilegeEscalator} runs it elevated.
 *
 * <p>Only the hosts-helper jar is on the elevated class path: the code that runs as root is this module's, which
 * depends on nothing but the JDK.
 *
 * @param argv  the helper's command line, unelevated
 * @param stdin the bytes for its stdin: the block's text for {@code sync}, nothing for {@code clean}
 */
public record HelperCommand(List<String> argv, byte[] stdin) {
    public HelperCommand {
        argv = List.copyOf(argv);
        stdin = stdin.clone();
    }

    /**
     * The command that applies {@code plan} to {@code hostsFile}, run by this JVM's java with this module's code.
     *
     * @param hostsFile the hosts file as the user names it (the helper follows links itself)
     * @param plan      the plan; only its kind and wanted names travel (the helper plans again on what it reads)
     */
    public static HelperCommand forPlan(Path hostsFile, HostsPlan plan) {
        return of(javaExecutable(), ownClassPath(), hostsFile, plan.kind(), plan.wanted());
    }

    /**
     * The command with an explicit java and class path (tests; installers with their own runtime).
     *
     * @param java      absolute path of the java launcher
     * @param classPath where {@link HostsHelperMain} is (a jar or a classes directory)
     */
    public static HelperCommand of(Path java, Path classPath, Path hostsFile, HostsPlan.Kind kind,
                                   ManagedBlock block) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.add("-cp");
        argv.add(classPath.toString());
        argv.add(HostsHelperMain.class.getName());
        argv.add(hostsFile.toAbsolutePath().toString());
        argv.add(kind.argument());
        byte[] input = kind == HostsPlan.Kind.SYNC
                ? block.text("\n").getBytes(StandardCharsets.US_ASCII) : new byte[0];
        return new HelperCommand(argv, input);
    }

    /** The java launcher of this JVM ({@code java.home}/bin/java). */
    public static Path javaExecutable() {
        String exe = File.separatorChar == '\\' ? "java.exe" : "java";
        return Path.of(System.getProperty("java.home"), "bin", exe);
    }

    /** Where this module's classes are: the hosts-helper jar, or its classes directory in a build. */
    public static Path ownClassPath() {
        try {
            return Path.of(Objects.requireNonNull(HostsHelperMain.class.getProtectionDomain().getCodeSource(),
                    "no code source").getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the hosts-helper classes: " + e.getMessage(), e);
        }
    }

    /** A copy of the bytes for the helper's stdin. */
    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /** The command line as a POSIX shell would take it (each argument single-quoted where needed). */
    public String display() {
        return Shell.join(argv);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelperCommand other && argv.equals(other.argv)
                && java.util.Arrays.equals(stdin, other.stdin);
    }

    @Override
    public int hashCode() {
        return argv.hashCode() * 31 + java.util.Arrays.hashCode(stdin);
    }

    @Override
    public String toString() {
        return display();
    }
}
