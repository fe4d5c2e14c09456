package dev.ingresslab.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@link PrivilegeEscalator}s of each system, and the choice between them.
 *
 * <ul>
 *   <li>{@link #osascript}: macOS's authorization dialog, through AppleScript's {@code do shell script … with
 *       administrator privileges} (Apple's Technical Note TN2065). AppleScript does not pass stdin on, so the block
 *       goes through a temporary file readable by the user only (root reads it), deleted afterwards.</li>
 *   <li>{@link #pkexec}: polkit's {@code pkexec} (Linux): the desktop's authentication dialog, or a text prompt in
 *       the terminal when there is no desktop agent. It keeps stdin; the program must be an absolute path.</li>
 *   <li>{@link #sudo}: asks for the password on the terminal ({@code /dev/tty}), so stdin stays the block.</li>
 *   <li>{@link #unelevated}: runs the helper as the current user.</li>
 * </ul>
 */
public final class PrivilegeEscalators {
    /** How long a prompt may wait for its person. */
    public static final Duration PROMPT_TIMEOUT = Duration.ofMinutes(5);
    /** The text of the prompts. */
    public static final String REASON = "Ingress Lab needs administrator rights to update its block in the hosts file";

    private PrivilegeEscalators() {
    }

    /** The escalator for a window: macOS's dialog, or pkexec on Linux; empty when the system has neither. */
    public static Optional<PrivilegeEscalator> forWindow() {
        if (isMac()) {
            return Optional.of(osascript(Path.of("/usr/bin/osascript")));
        }
        return onPath("pkexec").map(PrivilegeEscalators::pkexec);
    }

    /** The escalator for a terminal: sudo (pkexec on Linux when sudo is missing); empty when there is neither. */
    public static Optional<PrivilegeEscalator> forTerminal() {
        Optional<PrivilegeEscalator> sudo = onPath("sudo").map(PrivilegeEscalators::sudo);
        if (sudo.isPresent() || isMac()) {
            return sudo;
        }
        return onPath("pkexec").map(PrivilegeEscalators::pkexec);
    }

    /** Why neither {@link #forWindow()} nor {@link #forTerminal()} found anything, and what to do. */
    public static String noneAvailable() {
        return "found neither pkexec nor sudo on the PATH to run the hosts helper with administrator rights: "
                + "install one (Debian/Ubuntu: sudo or pkexec), or edit the hosts file as root (docs/hosts.md)";
    }

    /** Runs the helper as the current user (no prompt). */
    public static PrivilegeEscalator unelevated() {
        return new Wrapping("unelevated", List.of());
    }

    /** Runs the helper through {@code pkexec} at the given path. */
    public static PrivilegeEscalator pkexec(Path pkexec) {
        return new Wrapping("pkexec", List.of(pkexec.toString()));
    }

    /** Runs the helper through {@code sudo} at the given path, with Ingress Lab's prompt. */
    public static PrivilegeEscalator sudo(Path sudo) {
        return new Wrapping("sudo", List.of(sudo.toString(), "-p", REASON + "; password for %u: ", "--"));
    }

    /** Runs the helper through {@code osascript} at the given path (macOS's dialog). */
    public static PrivilegeEscalator osascript(Path osascript) {
        return new Osascript(osascript);
    }

    /** {@code name} on the PATH, as an absolute path. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name).toAbsolutePath();
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    }

    /** Runs {@code prefix} followed by the helper's command line, the block on stdin. */
    private static final class Wrapping implements PrivilegeEscalator {
        private final String name;
        private final List<String> prefix;

        Wrapping(String name, List<String> prefix) {
            this.name = name;
            this.prefix = List.copyOf(prefix);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> commandLine(HelperCommand command) {
            List<String> argv = new ArrayList<>(prefix);
            argv.addAll(command.argv());
            return argv;
        }

        @Override
        public HelperResult run(HelperCommand command) throws IOException, InterruptedException {
            RawResult raw = execute(commandLine(command), command.stdin());
            // pkexec: 126 when the dialog is dismissed or authorisation refused, 127 when it could not authenticate
            // (pkexec(1)); sudo exits 1 and says so when no password or a wrong one was given. Other failures (sudo
            // without a terminal to ask on) are not cancellations: their own message is reported.
            boolean cancelled = name.equals("pkexec") && (raw.exitCode == 126 || raw.exitCode == 127)
                    || name.equals("sudo") && raw.exitCode == 1 && (raw.stderr.contains("no password was provided")
                    || raw.stderr.contains("incorrect password attempt"));
            return new HelperResult(raw.exitCode, raw.stdout, raw.stderr, cancelled);
        }
    }

    /** macOS: {@code osascript -e 'do shell script "…" with prompt "…" with administrator privileges'}. */
    private static final class Osascript implements PrivilegeEscalator {
        private final Path osascript;

        Osascript(Path osascript) {
            this.osascript = osascript;
        }

        @Override
        public String name() {
            return "osascript";
        }

        @Override
        public List<String> commandLine(HelperCommand command) {
            return commandLine(command, Path.of("<the block, in a temporary file>"));
        }

        List<String> commandLine(HelperCommand command, Path stdinFile) {
            String shell = Shell.join(command.argv()) + " < " + Shell.quote(stdinFile.toString());
            String script = "do shell script " + appleScriptString(shell) + " with prompt "
                    + appleScriptString(REASON + ".") + " with administrator privileges";
            return List.of(osascript.toString(), "-e", script);
        }

        @Override
        public HelperResult run(HelperCommand command) throws IOException, InterruptedException {
            Path input = Files.createTempFile("ingress-lab-hosts-block-", ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(input, command.stdin());
                RawResult raw = execute(commandLine(command, input), new byte[0]);
                // AppleScript error -128 is "User canceled."; osascript then exits 1.
                boolean cancelled = raw.exitCode != 0 && raw.stderr.contains("(-128)");
                return new HelperResult(raw.exitCode, raw.stdout, raw.stderr, cancelled);
            } finally {
                Files.deleteIfExists(input);
            }
        }

        // An AppleScript string literal: backslash and double quote escaped (AppleScript Language Guide, "text").
        static String appleScriptString(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    private record RawResult(int exitCode, String stdout, String stderr) {
    }

    // Starts argv, writes stdin and closes it, collects stdout and stderr (on threads of their own, so neither pipe
    // fills up), waits at most PROMPT_TIMEOUT.
    private static RawResult execute(List<String> argv, byte[] stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outReader = drain(process.getInputStream(), out);
            Thread errReader = drain(process.getErrorStream(), err);
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // The child exited without reading its input (a refusal before reading): its exit code says why.
            }
            if (!process.waitFor(PROMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(argv.get(0) + " did not finish within " + PROMPT_TIMEOUT.toMinutes()
                        + " minutes; stopped it");
            }
            outReader.join(5_000);
            errReader.join(5_000);
            return new RawResult(process.exitValue(), text(out), text(err));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to) {
        Thread thread = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException e) {
                // the process ended; what was read is kept
            }
        }, "hosts-helper-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
