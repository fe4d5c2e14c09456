package dev.ingresslab.cli;

import dev.ingresslab.control.ControlClient;
import dev.ingresslab.control.ControlDirectory;
import dev.ingresslab.control.ControlException;
import dev.ingresslab.control.ControlFile;
import dev.ingresslab.control.StreamLine;
import dev.ingresslab.control.StreamLost;
import dev.ingresslab.core.requests.HarExport;
import dev.ingresslab.proxy.AccessLog;
import dev.ingresslab.proxy.RequestRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingress-lab requests}: the journal of the running instance, each request with the rule that routed it. */
@Command(name = "requests", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the requests the running Ingress Lab (demo, up or serve) handled, each line naming"
                + " the rule that routed it (or why none did), as its access log does; --follow then prints each"
                + " new one as it comes, until Ctrl-C or until the instance stops (exit 0, one line saying so).",
                "The instance keeps the last 10,000 requests. -o json prints JSON Lines (one object per"
                + " request, the fields of `--log json`); --har writes a HAR 1.2 file for browsers' dev tools."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab requests                        all it kept",
                "  ingress-lab requests --since 5m --follow    the last 5 minutes, then live",
                "  ingress-lab requests -o json | jq -r 'select(.status >= 500) | .route'",
                "  ingress-lab requests --har requests.har     open it in the dev tools"},
        exitCodeList = {"1:no running Ingress Lab to read, the HAR file cannot be written, or --follow lost an"
                + " instance that did not stop cleanly (killed, crashed)"})
final class RequestsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--follow", description = "after those kept, print each new request as it comes (Ctrl-C stops)")
    private boolean follow;

    @Option(names = "--since", paramLabel = "DURATION", description = "only requests newer than this: 30s, 5m,"
            + " 2h, 1h30m (default: all it kept)")
    private String since;

    @Option(names = "--har", paramLabel = "FILE", description = "write the requests to FILE as HAR 1.2 (replacing"
            + " it, atomically) instead of printing them; - prints the HAR document on standard output")
    private Path har;

    @Mixin
    private InstanceOptions instanceOptions;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws CommandFailure, InterruptedException {
        OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json);
        Instant from;
        try {
            from = since == null ? Instant.EPOCH : Instant.now().minus(Durations.parse(since));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        if (har != null && follow) {
            throw CommandFailure.badInput("--har writes the requests kept so far and ends; it cannot --follow (run"
                    + " it again later for the newer ones)");
        }
        if (har != null && !har.toString().equals("-")) {
            // before the instance is asked: a wrong folder is bad input, said at once (as --hosts-file)
            FileToWrite.HAR.check(har);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControlFile instance = instanceOptions.choose(IngressLabCommand.of(spec).dataDirectory(), err)
                .orElseThrow(() -> CommandFailure.failed("no running Ingress Lab to read the requests of: start one"
                        + " (`ingress-lab demo`, `serve -f …` or `up`)"));
        err.println("the requests of " + instance.display());
        err.flush();
        ControlClient client = new ControlClient(instance);
        Printer printer = new Printer(out, format, Colours.of(spec));
        try {
            if (follow) {
                return follow(client, from, printer, err);
            }
            List<RequestRecord> records = client.requests(from);
            if (har != null) {
                return writeHar(records, out);
            }
            records.forEach(printer::print);
            if (records.isEmpty()) {
                err.println("no requests" + (since == null ? "" : " in the last " + since) + " yet");
            }
            return ExitCodes.OK;
        } catch (ControlException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    /**
     * Prints the followed requests until the stream ends. The instance stopping (its last line says so, or, when
     * that line was lost, its control file is gone: a clean stop removes it first) is the stream's normal end:
     * exit 0 and one line saying it stopped. A stream that breaks off while the instance is still registered (it
     * was killed, or the connection failed) is a failure: exit 1.
     */
    private int follow(ControlClient client, Instant from, Printer printer, PrintWriter err)
            throws CommandFailure, InterruptedException {
        try {
            String end = client.follow(from, line -> {
                if (line.record() != null) {
                    printer.print(line.record());
                } else if (line.dropped() != null) {
                    err.println("! " + line.dropped() + " requests left out here: this command fell behind");
                    err.flush();
                }
            });
            err.println(end);
            return ExitCodes.OK;
        } catch (StreamLost e) {
            if (!new ControlDirectory(IngressLabCommand.of(spec).dataDirectory()).registered(client.file())) {
                err.println(client.file().what() + " stopped");
                return ExitCodes.OK;
            }
            throw CommandFailure.failed(e.getMessage() + ": its control file is still there, so it did not stop"
                    + " cleanly (killed, or crashed); `ingress-lab instances` shows whether it still runs");
        } catch (ControlException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private int writeHar(List<RequestRecord> records, PrintWriter out) throws CommandFailure {
        HarExport export = new HarExport(new Version().getVersion()[0].replace("Ingress Lab ", ""));
        if (har.toString().equals("-")) { // as `-f -` reads standard input: the document alone, for a pipe
            out.println(export.toJson(records));
            out.flush();
            return ExitCodes.OK;
        }
        boolean replaced = Files.exists(har);
        try {
            export.write(records, har);
        } catch (IOException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        out.println((replaced ? "replaced " : "wrote ") + har + ": " + records.size() + " request"
                + (records.size() == 1 ? "" : "s") + " as HAR 1.2 (open it in the browser's dev tools, Network tab)");
        out.flush();
        return ExitCodes.OK;
    }

    /** One line per request: the access log's text line (its status coloured) or its JSON line. */
    private static final class Printer {
        private final PrintWriter out;
        private final OutputOptions.Format format;
        private final Colours colours;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final AccessLog text;

        Printer(PrintWriter out, OutputOptions.Format format, Colours colours) {
            this.out = out;
            this.format = format;
            this.colours = colours;
            this.text = new AccessLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), AccessLog.Format.TEXT);
        }

        void print(RequestRecord record) {
            if (format == OutputOptions.Format.json) {
                out.println(OutputOptions.jsonLine(record));
            } else {
                buffer.reset();
                text.accept(record);
                String line = buffer.toString(StandardCharsets.UTF_8).stripTrailing();
                String status = String.valueOf(record.status());
                int at = line.indexOf(' ');
                out.println(at > 0 && line.startsWith(status, at + 1) ? line.substring(0, at + 1)
                        + colours.status(record.status()) + line.substring(at + 1 + status.length()) : line);
            }
            out.flush();
        }
    }
}
