package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escalators' command lines, run for real: stand-ins for pkexec, sudo and osascript (this machine has none of
 * them) record their arguments and run the rest as the real ones would, so the helper runs, reads its stdin and
 * writes the file. The stand-ins check the arguments the way the real programs need them.
 */
class PrivilegeEscalatorsTest {
    static final String ORIGINAL = "127.0.0.1 localhost\n";

    @TempDir
    Path dir;
    Path hosts;
    HelperCommand sync;

    @BeforeEach
    void setUp() throws Exception {
        // a directory name with a space and a quote, as macOS's "Application Support" and worse
        Path etc = Files.createDirectories(dir.resolve("it's an \"etc\""));
        hosts = Files.writeString(etc.resolve("hosts"), ORIGINAL);
        sync = HelperCommand.of(HelperCommand.javaExecutable(), ChildJvm.location(HostsHelperMain.class), hosts,
                HostsPlan.Kind.SYNC, ManagedBlock.of(List.of(new HostName("alpaca.example.com"))));
    }

    Path script(String name, String body) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void pkexecRunsTheHelperWithTheBlockOnStdin() throws Exception {
        Path args = dir.resolve("pkexec.args");
        // pkexec(1) needs an absolute program path and passes stdin through
        Path pkexec = script("pkexec", "printf '%s\\n' \"$@\" > '" + args + "'\ncase \"$1\" in /*) ;; *) exit 127;; esac\n"
                + "exec \"$@\"");
        PrivilegeEscalator escalator = PrivilegeEscalators.pkexec(pkexec);
        assertThat(escalator.commandLine(sync)).startsWith(pkexec.toString()).endsWith(hosts.toString(), "sync");

        HelperResult result = escalator.run(sync);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.message()).startsWith("hosts-helper: " + hosts.toRealPath() + ": added alpaca.example.com");
        assertThat(Files.readString(hosts)).contains("127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n");
        assertThat(Files.readAllLines(args)).isEqualTo(sync.argv());
    }

    @Test
    void aDismissedPkexecDialogIsACancellation() throws Exception {
        Path pkexec = script("pkexec", "cat > /dev/null\necho 'Error executing command as another user: Request "
                + "dismissed' >&2\nexit 126");
        HelperResult result = PrivilegeEscalators.pkexec(pkexec).run(sync);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("the privilege prompt was cancelled; the hosts file is unchanged");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @Test
    void sudoGetsItsPromptThenTheHelper() throws Exception {
        Path sudo = script("sudo", "[ \"$1\" = -p ] || exit 90\ncase \"$2\" in *'; password for %u: ') ;; *) exit 91;; "
                + "esac\n[ \"$3\" = -- ] || exit 92\nshift 3\nexec \"$@\"");
        PrivilegeEscalator escalator = PrivilegeEscalators.sudo(sudo);
        List<String> line = escalator.commandLine(sync);
        assertThat(line.subList(0, 4)).containsExactly(sudo.toString(), "-p",
                PrivilegeEscalators.REASON + "; password for %u: ", "--");

        HelperResult result = escalator.run(sync);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(Files.readString(hosts)).contains("::1 alpaca.example.com\n");
    }

    @Test
    void sudoWithoutAPasswordIsACancellation() throws Exception {
        Path sudo = script("sudo", "echo 'sudo: no password was provided' >&2\nexit 1");
        HelperResult result = PrivilegeEscalators.sudo(sudo).run(sync);
        assertThat(result.cancelled()).isTrue();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @Test
    void sudoWithoutATerminalSaysSo() throws Exception {
        Path sudo = script("sudo", "echo 'sudo: a terminal is required to read the password; either use the -S "
                + "option to read from standard input or configure an askpass helper' >&2\nexit 1");
        HelperResult result = PrivilegeEscalators.sudo(sudo).run(sync);
        assertThat(result.cancelled()).isFalse();
        assertThat(result.ok()).isFalse();
        assertThat(result.exit()).isNull();
        assertThat(result.message()).startsWith("sudo: a terminal is required to read the password");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @Test
    void osascriptsShellCommandRunsTheHelperOnTheBlockFile() throws Exception {
        // The stand-in takes the AppleScript apart as AppleScript would (the string literal's escapes), checks the
        // clauses, and hands the shell command to sh, as "do shell script" does.
        Path args = dir.resolve("osascript.args");
        Path osascript = script("osascript", "printf '%s' \"$2\" > '" + args + "'\n"
                + "exec java -cp '" + ChildJvm.classPath() + "' '" + FakeOsascript.class.getName() + "' \"$@\"");
        PrivilegeEscalator escalator = PrivilegeEscalators.osascript(osascript);
        String shown = String.join(" ", escalator.commandLine(sync));
        assertThat(shown).contains("with administrator privileges").contains("<the block, in a temporary file>");

        HelperResult result = escalator.run(sync);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(Files.readString(hosts)).contains("127.0.0.1 alpaca.example.com\n");
        String script = Files.readString(args);
        assertThat(script).startsWith("do shell script \"").endsWith("\" with prompt \"" + PrivilegeEscalators.REASON
                + ".\" with administrator privileges");
        // the temporary block file is gone
        try (var temps = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temps.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("ingress-lab-hosts-block-") && script.contains(n));
        }
    }

    @Test
    void aCancelledMacDialogIsACancellation() throws Exception {
        Path osascript = script("osascript", "echo '0:41: execution error: User canceled. (-128)' >&2\nexit 1");
        HelperResult result = PrivilegeEscalators.osascript(osascript).run(sync);
        assertThat(result.cancelled()).isTrue();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @Test
    void theHelpersRefusalReachesTheCaller() throws Exception {
        Path pkexec = script("pkexec", "exec \"$@\"");
        HelperCommand clean = HelperCommand.of(HelperCommand.javaExecutable(), ChildJvm.location(HostsHelperMain.class),
                hosts.resolveSibling("passwd"), HostsPlan.Kind.CLEAN, ManagedBlock.of(List.of()));
        HelperResult result = PrivilegeEscalators.pkexec(pkexec).run(clean);
        assertThat(result.cancelled()).isFalse();
        assertThat(result.exit()).isEqualTo(HelperExit.USAGE);
        assertThat(result.message()).contains("is not a hosts file");
    }

    @Test
    void theDisplayedCommandQuotesForTheShell() {
        assertThat(Shell.quote("/usr/bin/java")).isEqualTo("/usr/bin/java");
        assertThat(Shell.quote("/Users/you/Library/Application Support/x.jar"))
                .isEqualTo("'/Users/you/Library/Application Support/x.jar'");
        assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(Shell.quote("")).isEqualTo("''");
        assertThat(Shell.quote("$(rm -rf ~)")).isEqualTo("'$(rm -rf ~)'");
        assertThat(sync.display()).endsWith(Shell.quote(hosts.toString()) + " sync");
    }

    /** Reads an AppleScript {@code do shell script "…" with prompt "…" with administrator privileges} and runs it. */
    public static final class FakeOsascript {
        public static void main(String[] args) throws Exception {
            if (args.length != 2 || !args[0].equals("-e")) {
                System.exit(80);
            }
            String script = args[1];
            String head = "do shell script ";
            if (!script.startsWith(head) || !script.endsWith(" with administrator privileges")) {
                System.exit(81);
            }
            StringBuilder command = new StringBuilder();
            int i = head.length() + 1; // after the opening quote
            for (; script.charAt(i) != '"'; i++) {
                char c = script.charAt(i);
                command.append(c == '\\' ? script.charAt(++i) : c);
            }
            List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", command.toString()));
            Process process = new ProcessBuilder(sh).inheritIO().start();
            System.exit(process.waitFor());
        }
    }
}
