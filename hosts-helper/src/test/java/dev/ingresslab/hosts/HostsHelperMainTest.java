package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The elevated entry point: it re-validates everything and writes nothing but its own block. */
class HostsHelperMainTest {
    static final String ORIGINAL = "127.0.0.1 localhost\n::1 localhost\n";
    static final String B = HostsFile.BEGIN_MARKER;
    static final String E = HostsFile.END_MARKER;
    static final String ALPACA_BLOCK = B + "\n127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n" + E + "\n";

    @TempDir
    Path dir;
    Path hosts;
    final List<String> flushes = new ArrayList<>();
    final ResolverCache cache = () -> {
        flushes.add("flushed");
        return "flushed the test cache";
    };
    String out;
    String err;

    @BeforeEach
    void writeHosts() throws Exception {
        hosts = dir.resolve("hosts");
        Files.writeString(hosts, ORIGINAL);
    }

    HelperExit run(String input, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        HelperExit exit = HostsHelperMain.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                cache);
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return exit;
    }

    @Test
    void syncWritesTheBlockFlushesTheCacheAndSaysWhatItDid() throws Exception {
        assertThat(run(ALPACA_BLOCK, hosts.toString(), "sync")).isEqualTo(HelperExit.OK);
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL + ALPACA_BLOCK);
        assertThat(out).isEqualTo("hosts-helper: " + hosts.toRealPath() + ": added alpaca.example.com (previous "
                + "version in " + dir.toRealPath().resolve("hosts.ingress-lab.bak") + "); flushed the test cache\n");
        assertThat(err).isEmpty();
        assertThat(flushes).hasSize(1);

        // the same block again: nothing written, no flush
        assertThat(run(ALPACA_BLOCK, hosts.toString(), "sync")).isEqualTo(HelperExit.OK);
        assertThat(out).contains("already has this block (1 names); nothing written");
        assertThat(flushes).hasSize(1);

        assertThat(run("", hosts.toString(), "clean")).isEqualTo(HelperExit.OK);
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        assertThat(out).contains(": removed alpaca.example.com");
        assertThat(flushes).hasSize(2);
    }

    @Test
    void anEmptyBlockRemovesTheBlock() throws Exception {
        Files.writeString(hosts, ORIGINAL + ALPACA_BLOCK);
        assertThat(run(B + "\n" + E + "\n", hosts.toString(), "sync")).isEqualTo(HelperExit.OK);
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not a loopback address|127.0.0.1 alpaca.example.com\\n10.0.0.1 alpaca.example.com|line 3 of the block: "
                    + "\"10.0.0.1\" is not allowed here: the block maps names to the loopback addresses only",
            "another loopback address|127.0.0.2 alpaca.example.com\\n::1 alpaca.example.com|line 2 of the block: "
                    + "\"127.0.0.2\" is not allowed here",
            "::1 first|::1 alpaca.example.com\\n127.0.0.1 alpaca.example.com|line 2 of the block: \"::1\" is not "
                    + "allowed here",
            "a wildcard|127.0.0.1 *.example.com\\n::1 *.example.com|line 2 of the block: \"*.example.com\": a hosts "
                    + "file cannot hold a wildcard",
            "localhost|127.0.0.1 localhost\\n::1 localhost|line 2 of the block: \"localhost\": localhost and its "
                    + "subdomains already resolve",
            "two names on a line|127.0.0.1 a.example b.example\\n::1 a.example b.example|line 2 of the block: "
                    + "\"a.example b.example\": a name cannot contain spaces",
            "a tab|127.0.0.1\\talpaca.example.com\\n::1\\talpaca.example.com|line 2 of the block: not an entry",
            "uppercase|127.0.0.1 Alpaca.example.com\\n::1 Alpaca.example.com|line 2 of the block: "
                    + "\"Alpaca.example.com\" is not in its canonical form \"alpaca.example.com\"",
            "an IP as name|127.0.0.1 10.0.0.1\\n::1 10.0.0.1|an IP address is not a host name",
            "a comment|# hello\\n127.0.0.1 alpaca.example.com|line 2 of the block: a comment line",
            "a blank line|\\n127.0.0.1 alpaca.example.com|line 2 of the block: not an entry",
            "one entry only|127.0.0.1 alpaca.example.com|each name needs two entries",
            "different names|127.0.0.1 alpaca.example.com\\n::1 bandicoot.example.com|line 3 of the block: "
                    + "expected \"::1 alpaca.example.com\"",
            "unsorted|127.0.0.1 b.example\\n::1 b.example\\n127.0.0.1 a.example\\n::1 a.example|line 4 of the "
                    + "block: names must be sorted and appear once (a.example)",
            "twice|127.0.0.1 a.example\\n::1 a.example\\n127.0.0.1 a.example\\n::1 a.example|names must be "
                    + "sorted and appear once",
    })
    void refusesABlockWithAnythingButValidLoopbackEntries(String what, String entries, String message)
            throws Exception {
        String block = B + "\n" + entries.replace("\\n", "\n").replace("\\t", "\t") + "\n" + E + "\n";
        assertThat(run(block, hosts.toString(), "sync")).isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(err).startsWith("hosts-helper: refused: ").contains(message).endsWith("\n");
        assertThat(err.lines()).hasSize(1);
        assertThat(out).isEmpty();
        assertUntouched();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty input|''|line 1 of the block: the input is empty",
            "no begin marker|127.0.0.1 alpaca.example.com\\n::1 alpaca.example.com\\nEND\\n|line 1 of the block: "
                    + "expected the begin marker",
            "no end marker|BEGIN\\n127.0.0.1 alpaca.example.com\\n::1 alpaca.example.com\\n|line 3 of the block: "
                    + "expected the end marker",
            "a line after the end|BEGIN\\nEND\\n10.0.0.1 evil.example\\n|expected the end marker \"# <<< "
                    + "ingress-lab <<<\" as the last line",
            "no final line break|BEGIN\\nEND|the input does not end with a line break",
            "CRLF|BEGIN\\r\\nEND\\r\\n|line 1 of the block: expected the begin marker",
            "a newline inside a name|BEGIN\\n127.0.0.1 a.example\\n::1 a.example\\n127.0.0.1 b.example\\nEND\\n|"
                    + "each name needs two entries",
    })
    void refusesInputOutsideTheBlockFormat(String what, String input, String message) throws Exception {
        String text = input.replace("BEGIN", B).replace("END", E).replace("\\n", "\n").replace("\\r", "\r");
        assertThat(run(text, hosts.toString(), "sync")).isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(err).startsWith("hosts-helper: refused: ").contains(message);
        assertUntouched();
    }

    @Test
    void refusesNonAsciiAndOversizedInput() throws Exception {
        assertThat(run(B + "\n127.0.0.1 bücher.example\n::1 bücher.example\n" + E + "\n", hosts.toString(), "sync"))
                .isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(err).contains("is not ASCII; the block holds ASCII names only (IDNs in Punycode)");
        assertThat(run("#".repeat(HostsHelperMain.MAX_INPUT + 1), hosts.toString(), "sync"))
                .isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(err).contains("the input is larger than " + HostsHelperMain.MAX_INPUT + " bytes");
        assertThat(run("x\n", hosts.toString(), "clean")).isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(err).contains("clean takes no input, and 2 bytes came on stdin");
        assertUntouched();
    }

    @Test
    void refusesWrongArgumentsAndFilesThatAreNotHostsFiles() throws Exception {
        assertThat(run("")).isEqualTo(HelperExit.USAGE);
        assertThat(err).isEqualTo("hosts-helper: refused: usage: hosts-helper <absolute path of the hosts file> "
                + "sync|clean (sync reads the block on stdin)\n");
        assertThat(run("", hosts.toString(), "update")).isEqualTo(HelperExit.USAGE);
        assertThat(run("", hosts.toString(), "sync", "extra")).isEqualTo(HelperExit.USAGE);
        assertThat(run(ALPACA_BLOCK, "hosts", "sync")).isEqualTo(HelperExit.USAGE);
        assertThat(err).contains("the hosts file's path must be absolute: hosts");

        Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        assertThat(run(ALPACA_BLOCK, passwd.toString(), "sync")).isEqualTo(HelperExit.USAGE);
        assertThat(err).contains(passwd.toRealPath() + " is not a hosts file (its name is not \"hosts\"); the "
                + "helper writes no other file");
        assertThat(Files.readString(passwd)).isEqualTo("root:x:0:0::/root:/bin/sh\n");

        // a link named hosts that points at another file is judged by its target
        Path link = Files.createSymbolicLink(Files.createDirectory(dir.resolve("d")).resolve("hosts"), passwd);
        assertThat(run(ALPACA_BLOCK, link.toString(), "sync")).isEqualTo(HelperExit.USAGE);
        assertThat(Files.readString(passwd)).isEqualTo("root:x:0:0::/root:/bin/sh\n");
        assertUntouched();
    }

    @Test
    void aDamagedBlockInTheFileIsRefusedWithItsLine() throws Exception {
        String damaged = ORIGINAL + B + "\n127.0.0.1 alpaca.example.com\n";
        Files.writeString(hosts, damaged);
        assertThat(run(ALPACA_BLOCK, hosts.toString(), "sync")).isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(err).startsWith("hosts-helper: refused: " + hosts + ": line 3: a begin marker without an end "
                + "marker below it");
        assertThat(Files.readString(hosts)).isEqualTo(damaged);
    }

    @Test
    void aMissingDirectoryIsReported() {
        assertThat(run(ALPACA_BLOCK, dir.resolve("none/hosts").toString(), "sync")).isEqualTo(HelperExit.NO_FILE);
        assertThat(err).isEqualTo("hosts-helper: failed: " + dir.resolve("none/hosts")
                + ": its directory does not exist\n");
    }

    @Test
    void theRealMainRunsInItsOwnProcessWithExitCodes() throws Exception {
        HelperCommand command = HelperCommand.of(HelperCommand.javaExecutable(), ChildJvm.location(HostsHelperMain.class),
                hosts, HostsPlan.Kind.SYNC, ManagedBlock.of(List.of(new HostName("alpaca.example.com"))));
        HelperResult result = PrivilegeEscalators.unelevated().run(command);
        assertThat(result.exitCode()).isZero();
        assertThat(result.message()).startsWith("hosts-helper: " + hosts.toRealPath() + ": added alpaca.example.com");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL + ALPACA_BLOCK);

        HelperCommand evil = new HelperCommand(command.argv(), (B + "\n127.0.0.1 evil.example\n10.6.6.6 evil.example\n"
                + E + "\n").getBytes(StandardCharsets.US_ASCII));
        HelperResult refused = PrivilegeEscalators.unelevated().run(evil);
        assertThat(refused.exitCode()).isEqualTo(65);
        assertThat(refused.exit()).isEqualTo(HelperExit.DATA_REFUSED);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.message()).startsWith("hosts-helper: refused: line 3 of the block: \"10.6.6.6\"");
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL + ALPACA_BLOCK);
    }

    private void assertUntouched() throws Exception {
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);
        assertThat(dir.resolve("hosts.ingress-lab.bak")).doesNotExist();
        assertThat(flushes).isEmpty();
    }
}
