package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Byte identity outside the block on 1,000 random hosts files: each file is built from the quirks real files have
 * (comments in any bytes, blank and whitespace lines, tabs, several names, IPv6, CRLF and LF mixed, a lone CR, no
 * final line break, a BOM, a block of ours already inside, at the end without a line break, or none), then synced
 * and cleaned at random. The generator knows which bytes are outside the block without asking the parser; after
 * every step those bytes must be exactly the same. A failure prints the seed and the file, so it can be replayed:
 * {@code -Dhosts.seed=N}.
 */
class OutsideBytesPropertyTest {
    static final int FILES = 1_000;
    static final List<HostName> NAMES = List.of(new HostName("alpaca.example.com"), new HostName("bandicoot.example.com"),
            new HostName("be-default.example.com"), new HostName("xn--bcher-kva.example"), new HostName("a.b.c.d.example"),
            new HostName("intranet"), new HostName("x" + "y".repeat(60) + ".example"), new HostName("localhost.example"));

    /** A generated file and the bytes outside its block, as built. */
    record Generated(byte[] content, byte[] outside, boolean hasBlock) {
    }

    @Test
    void outsideTheBlockNotAByteChanges() throws Exception {
        long base = Long.getLong("hosts.seed", System.nanoTime());
        for (int i = 0; i < FILES; i++) {
            long seed = base + i;
            Random random = new Random(seed);
            Generated generated = generate(random);
            try {
                check(generated, random);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("seed " + seed + " (replay: -Dhosts.seed=" + seed + ", whose first file is this one); file: "
                        + HexFormat.of().formatHex(generated.content()) + "\n"
                        + new String(generated.content(), StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    private static void check(Generated generated, Random random) throws Exception {
        HostsFile file = HostsFile.parse(generated.content());
        assertThat(file.hasBlock()).isEqualTo(generated.hasBlock());
        assertThat(file.outsideBytes()).isEqualTo(generated.outside());
        if (!generated.hasBlock()) {
            assertThat(file.outsideBytes()).isEqualTo(generated.content());
        }
        byte[] content = generated.content();
        for (int step = 0; step < 4; step++) {
            HostsFile current = HostsFile.parse(content);
            HostsPlan plan;
            List<HostName> wanted = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                plan = HostsPlan.clean(current);
            } else {
                for (HostName name : NAMES) {
                    if (random.nextBoolean()) {
                        wanted.add(name);
                    }
                }
                plan = HostsPlan.sync(current, wanted);
            }
            HostsStore.checkOutsideUnchanged(plan);
            content = plan.newContent();
            HostsFile after = HostsFile.parse(content);
            assertThat(after.outsideBytes()).isEqualTo(generated.outside());
            assertThat(after.managedNames()).containsExactlyInAnyOrderElementsOf(wanted);
            assertThat(HostsPlan.sync(after, wanted).isEmpty()).as("a second sync changes nothing").isTrue();
        }
        byte[] cleaned = HostsPlan.clean(HostsFile.parse(content)).newContent();
        assertThat(cleaned).isEqualTo(generated.outside());
    }

    static Generated generate(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream outside = new ByteArrayOutputStream();
        boolean crlfFile = random.nextInt(4) == 0;
        if (random.nextInt(10) == 0) {
            write(out, outside, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        int lines = random.nextInt(40);
        int blockAt = random.nextInt(3) == 0 ? -1 : random.nextInt(lines + 1);
        boolean hasBlock = false;
        for (int i = 0; i <= lines; i++) {
            if (i == blockAt) {
                hasBlock = true;
                String lineBreak = random.nextInt(3) == 0 ? "\r\n" : "\n";
                List<HostName> names = new ArrayList<>();
                for (HostName name : NAMES) {
                    if (random.nextInt(3) == 0) {
                        names.add(name);
                    }
                }
                byte[] block = ManagedBlock.of(names).text(lineBreak).getBytes(StandardCharsets.US_ASCII);
                boolean last = i == lines;
                boolean endsOpen = last && random.nextBoolean();
                byte[] previous = out.toByteArray();
                if (endsOpen && previous.length > 0 && previous[previous.length - 1] == '\n') {
                    // A block at the end without a final line break owns the line break before it (see HostsFile).
                    int breakLength = lineBreak.length() == 2 && previous.length >= 2
                            && previous[previous.length - 2] == '\r' ? 2 : 1;
                    byte[] keep = outside.toByteArray();
                    outside.reset();
                    outside.write(keep, 0, keep.length - breakLength);
                    out.write(block, 0, block.length - lineBreak.length());
                } else if (previous.length > 0 && previous[previous.length - 1] != '\n') {
                    // after a line without a break, a marker would not begin a line: end that line first
                    write(out, outside, lineBreak.getBytes(StandardCharsets.US_ASCII));
                    out.write(block, 0, block.length);
                } else {
                    out.write(block, 0, block.length);
                }
            }
            if (i < lines) {
                byte[] line = randomLine(random);
                write(out, outside, line);
                boolean lastLine = i == lines - 1 && blockAt != lines;
                if (!(lastLine && random.nextInt(4) == 0)) {
                    write(out, outside, (crlfFile || random.nextInt(10) == 0 ? "\r\n" : "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return new Generated(out.toByteArray(), outside.toByteArray(), hasBlock);
    }

    private static byte[] randomLine(Random random) {
        String[] addresses = {"127.0.0.1", "::1", "10.0.0.5", "192.168.1.10", "fe80::1%lo0", "255.255.255.255",
                "ff02::1", "127.0.1.1"};
        String[] names = {"localhost", "alpaca.example.com", "ALPACA.example.com.", "bandicoot.example.com",
                "db", "ip6-localhost", "broadcasthost", "intranet", "x.y"};
        String[] blanks = {" ", "\t", "  ", " \t ", "\t\t"};
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        switch (random.nextInt(8)) {
            case 0 -> { } // blank line
            case 1 -> append(line, blanks[random.nextInt(blanks.length)]);
            case 2 -> {
                append(line, "#");
                int n = random.nextInt(30);
                for (int i = 0; i < n; i++) {
                    int b = random.nextInt(256);
                    line.write(b == '\n' ? ' ' : b); // any byte but a line break: UTF-8, Latin-1, controls
                }
            }
            case 3 -> append(line, "# ingress-lab was here; # >>> not a marker");
            default -> {
                if (random.nextInt(5) == 0) {
                    append(line, blanks[random.nextInt(blanks.length)]);
                }
                append(line, addresses[random.nextInt(addresses.length)]);
                int count = 1 + random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    append(line, blanks[random.nextInt(blanks.length)]);
                    append(line, names[random.nextInt(names.length)]);
                }
                if (random.nextInt(4) == 0) {
                    append(line, " # comment é");
                }
                if (random.nextInt(8) == 0) {
                    append(line, blanks[random.nextInt(blanks.length)]);
                }
                if (random.nextInt(20) == 0) {
                    append(line, "\r"); // a lone CR at the end of the line's text
                }
            }
        }
        return line.toByteArray();
    }

    private static void append(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    private static void write(ByteArrayOutputStream out, ByteArrayOutputStream outside, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        outside.write(bytes, 0, bytes.length);
    }
}
