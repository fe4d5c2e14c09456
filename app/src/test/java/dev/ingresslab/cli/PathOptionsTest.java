package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * #15: a path option naming a file to write whose folder is missing (or is a file, or, where no rights are asked
 * for, cannot be written) is bad input, exit 2, said before anything starts, with what to give instead: {@code
 * --hosts-file} of {@code up}, {@code demo} and each {@code hosts} subcommand, and {@code requests --har}. The read
 * paths ({@code -f}, {@code --kubeconfig}) say the file is missing, also with exit 2.
 */
class PathOptionsTest {

    @TempDir
    Path dir;

    @Test
    void hostsFileInAMissingFolderIsRefusedWithExitCode2ByUpDemoAndEveryHostsSubcommand() {
        String missing = dir.resolve("nope").resolve("hosts").toString();
        List<List<String>> commands = List.of(
                List.of("up", "--hosts-file", missing),
                List.of("up", "--sync-hosts", "--hosts-file", missing),
                List.of("demo", "--headless", "--sync-hosts", "--hosts-file", missing),
                List.of("hosts", "status", "-f", "../samples/ch8/", "--hosts-file", missing),
                List.of("hosts", "plan", "-f", "../samples/ch8/", "--hosts-file", missing),
                List.of("hosts", "sync", "-f", "../samples/ch8/", "--hosts-file", missing),
                List.of("hosts", "clean", "--hosts-file", missing));
        for (List<String> command : commands) {
            Result result = run(command.toArray(String[]::new));
            assertThat(result.code).as("%s: %s", command, result.err).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(result.err).as("%s", command).contains("ingress-lab " + (command.get(0).equals("hosts")
                    ? "hosts " + command.get(1) : command.get(0)) + ": the folder of " + missing + " (" + dir.resolve("nope") + ") does not"
                    + " exist: create it first, or give --hosts-file a path in an existing folder");
            assertThat(result.out).as("nothing started: %s", command).doesNotContain("connecting", "sandbox");
        }
        assertThat(dir.resolve("nope")).doesNotExist();
    }

    @Test
    void hostsFileThatIsAFolderOrInAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Result inFile = run("demo", "--headless", "--hosts-file", file.resolve("hosts").toString());
        Result folder = run("up", "--hosts-file", dir.toString());

        assertThat(inFile.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(inFile.err).contains(file + " is a file, not a folder, so " + file.resolve("hosts")
                + " cannot be made in it: give --hosts-file a path in a folder");
        assertThat(folder.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(folder.err).contains(dir + " is a folder, not a file: give --hosts-file the path of the file"
                + " itself");
        assertThat(file).hasContent("x");
    }

    @Test
    void harInAMissingFolderAFileOrAFolderItselfIsRefusedBeforeAnyInstanceIsAsked() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Result missing = run("requests", "--har", dir.resolve("nope/requests.har").toString());
        Result inFile = run("requests", "--har", file.resolve("requests.har").toString());
        Result folder = run("requests", "--har", dir.toString());

        assertThat(missing.code).as(missing.err).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err).contains("ingress-lab requests: the folder of " + dir.resolve("nope/requests.har")
                + " (" + dir.resolve("nope") + ") does not exist: create it first, or give --har a path in an"
                + " existing folder").doesNotContain("no running Ingress Lab");
        assertThat(inFile.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(inFile.err).contains("is a file, not a folder");
        assertThat(folder.code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(folder.err).contains(dir + " is a folder, not a file: give --har the path of the file itself");
    }

    @Test
    void aFolderThatCannotBeWrittenRefusesHarButNotTheHostsFileWhichAsksForRights() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        lock(locked);
        try {
            assumeTrue(!Files.isWritable(locked), "could not make a folder this user cannot write");
            Result har = run("requests", "--har", locked.resolve("requests.har").toString());

            assertThat(har.code).as(har.err).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(har.err).contains("cannot write in " + locked + " (no write permission for this user): give"
                    + " --har a path in a folder you can write");
            // as /etc: the hosts helper is run with rights (sudo, pkexec) when the file needs them
            assertThat(FileToWrite.HOSTS_FILE.problem(locked.resolve("hosts"))).isEmpty();
            assertThat(FileToWrite.HAR.problem(locked.resolve("requests.har"))).isPresent();
        } finally {
            unlock(locked);
        }
    }

    @Test
    void readPathsThatAreMissingAreBadInputToo() {
        Result serve = run("serve", "-f", dir.resolve("nope/ingress.yaml").toString(), "--http-port", "0");
        Result status = run("hosts", "status", "-f", dir.resolve("nope/ingress.yaml").toString(), "--hosts-file",
                dir.resolve("hosts").toString());

        assertThat(serve.code).as(serve.err).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(serve.err).contains(dir.resolve("nope/ingress.yaml").toString());
        assertThat(status.code).as(status.err).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(status.err).contains(dir.resolve("nope/ingress.yaml").toString());
    }

    /** This user may not write in {@code folder}: mode 555, or for root (who may anyway) the immutable flag. */
    private static void lock(Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(folder)) {
            command("chattr", "+i", folder.toString());
        }
    }

    private static void unlock(Path folder) throws Exception {
        if (!Files.isWritable(folder)) {
            command("chattr", "-i", folder.toString());
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void command(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            // no chattr: the assumption above skips the test
        }
    }

    private record Result(int code, String out, String err) {
    }

    /** In-process, with a data directory of this test's own (never ~/.local/share). */
    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(Display.none("tests"), dir.resolve("data"), Colours.PLAIN,
                CommandLine.defaultFactory());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
