package dev.ingresslab.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The hosts helper: the one entry point that runs with administrator rights.
 *
 * <pre>
 * java -cp hosts-helper.jar dev.ingresslab.hosts.HostsHelperMain &lt;hosts file&gt; sync|clean   &lt; block
 * </pre>
 *
 * <p>{@code sync} makes the file's managed block exactly the block on stdin ({@link ManagedBlock}'s text, which it
 * reads strictly: both markers, only {@code 127.0.0.1} and {@code ::1}, only valid names); {@code clean} removes
 * the block and takes no input. It trusts nothing it is given: the path must be absolute and name a file called
 * {@code hosts} (after links are followed), the input is at most {@value #MAX_INPUT} bytes of ASCII, and the write
 * goes through {@link HostsStore#apply}, which plans again on the file as it is and can change nothing outside the
 * block. After a change it flushes the resolver cache ({@link ResolverCache}).
 *
 * <p>It prints one line: on stdout what it did, or on stderr {@code hosts-helper: refused: …} / {@code
 * hosts-helper: failed: …}; the exit code is a {@link HelperExit}.
 */
public final class HostsHelperMain {
    /** The most bytes read from stdin (10,000 names of 253 characters, twice, fit). */
    public static final int MAX_INPUT = 6 * 1024 * 1024;
    /** The only file name the helper writes. */
    public static final String HOSTS_FILE_NAME = "hosts";

    private static final String USAGE = "usage: hosts-helper <absolute path of the hosts file> sync|clean "
            + "(sync reads the block on stdin)";

    private HostsHelperMain() {
    }

    /** Runs the helper on the process's streams and exits with its {@link HelperExit} code. */
    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err, ResolverCache.forThisSystem()).code();
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the helper.
     *
     * @param args  the hosts file's absolute path and {@code sync} or {@code clean}
     * @param stdin the block for {@code sync}; must be empty for {@code clean}
     * @param out   where the one-line report goes
     * @param err   where a refusal or failure goes
     * @param cache flushed after a change
     * @return the exit
     */
    public static HelperExit run(String[] args, InputStream stdin, PrintStream out, PrintStream err,
                                 ResolverCache cache) {
        if (args.length != 2 || !(args[1].equals("sync") || args[1].equals("clean"))) {
            return refuse(err, HelperExit.USAGE, USAGE);
        }
        Path path = Path.of(args[0]);
        if (!path.isAbsolute()) {
            return refuse(err, HelperExit.USAGE, "the hosts file's path must be absolute: " + args[0]);
        }
        HostsStore store = new HostsStore(path);
        try {
            Path real = store.realPath();
            if (!real.getFileName().toString().equals(HOSTS_FILE_NAME)) {
                return refuse(err, HelperExit.USAGE, real + " is not a hosts file (its name is not \""
                        + HOSTS_FILE_NAME + "\"); the helper writes no other file");
            }
            byte[] input = readBounded(stdin);
            if (input == null) {
                return refuse(err, HelperExit.DATA_REFUSED, "the input is larger than " + MAX_INPUT + " bytes");
            }
            HostsPlan plan;
            if (args[1].equals("clean")) {
                if (input.length > 0) {
                    return refuse(err, HelperExit.DATA_REFUSED, "clean takes no input, and " + input.length
                            + " bytes came on stdin");
                }
                plan = store.planClean();
            } else {
                for (int i = 0; i < input.length; i++) {
                    if (input[i] < 0) {
                        return refuse(err, HelperExit.DATA_REFUSED, "byte " + i + " of the input is not ASCII; "
                                + "the block holds ASCII names only (IDNs in Punycode)");
                    }
                }
                ManagedBlock block = ManagedBlock.parse(new String(input, StandardCharsets.US_ASCII));
                plan = store.planSync(block.names());
            }
            HostsStore.Applied applied = store.apply(plan);
            String report = report(real, applied);
            if (applied.written()) {
                report += "; " + cache.flush();
            }
            out.println("hosts-helper: " + report);
            return HelperExit.OK;
        } catch (ManagedBlock.InvalidBlock e) {
            return refuse(err, HelperExit.DATA_REFUSED, e.getMessage());
        } catch (MalformedHostsFile e) {
            return refuse(err, HelperExit.DATA_REFUSED, path + ": " + e.getMessage());
        } catch (HostsChangingException e) {
            return fail(err, HelperExit.TRY_AGAIN, e.getMessage());
        } catch (AccessDeniedException e) {
            return fail(err, HelperExit.NO_PERMISSION, "not allowed to write " + e.getFile()
                    + ": run the helper with administrator rights");
        } catch (NoSuchFileException e) {
            return fail(err, HelperExit.NO_FILE, e.getFile() + ": " + (e.getReason() == null ? "no such file"
                    : e.getReason()));
        } catch (IOException e) {
            return fail(err, HelperExit.IO_ERROR, path + ": " + e);
        } catch (IllegalStateException e) {
            return fail(err, HelperExit.INTERNAL, e.getMessage());
        }
    }

    private static String report(Path real, HostsStore.Applied applied) {
        HostsPlan plan = applied.plan();
        if (!applied.written()) {
            return real + " already " + (plan.wanted().names().isEmpty() ? "has no Ingress Lab block"
                    : "has this block (" + plan.wanted().names().size() + " names)") + "; nothing written";
        }
        StringBuilder out = new StringBuilder(real.toString()).append(": ");
        out.append(plan.added().isEmpty() ? "" : "added " + names(plan.added()));
        if (!plan.removed().isEmpty()) {
            out.append(plan.added().isEmpty() ? "" : ", ").append("removed ").append(names(plan.removed()));
        }
        if (plan.added().isEmpty() && plan.removed().isEmpty()) {
            out.append("rewrote the block");
        }
        if (applied.backup() != null) {
            out.append(" (previous version in ").append(applied.backup()).append(')');
        }
        return out.toString();
    }

    private static String names(List<HostName> names) {
        if (names.size() > 5) {
            return names.size() + " names";
        }
        return names.stream().map(HostName::value).collect(Collectors.joining(" "));
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_INPUT + 1);
        return bytes.length > MAX_INPUT ? null : bytes;
    }

    private static HelperExit refuse(PrintStream err, HelperExit exit, String message) {
        err.println("hosts-helper: refused: " + message);
        return exit;
    }

    private static HelperExit fail(PrintStream err, HelperExit exit, String message) {
        err.println("hosts-helper: failed: " + message);
        return exit;
    }
}
