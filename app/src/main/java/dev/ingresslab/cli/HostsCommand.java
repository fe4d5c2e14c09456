package dev.ingresslab.cli;

import dev.ingresslab.core.DataDirectory;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.core.hosts.Escalators;
import dev.ingresslab.core.hosts.HostsAccess;
import dev.ingresslab.core.hosts.HostsChange;
import dev.ingresslab.core.hosts.HostsClaim;
import dev.ingresslab.core.hosts.HostsFailure;
import dev.ingresslab.core.hosts.HostsReport;
import dev.ingresslab.hosts.HostsStore;
import dev.ingresslab.core.hosts.WantedHosts;
import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.HostsPlan;
import dev.ingresslab.hosts.PrivilegeEscalator;
import dev.ingresslab.manifest.ManifestProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code ingress-lab hosts status|plan|sync|clean}: the hosts file's Ingress Lab block, kept equal to the precise
 * hosts of the served Ingresses (issue #15 §6, §8). The Ingresses come from manifest files ({@code -f}) or a
 * cluster ({@code --context}, read only: two LISTs); the block is written by the hosts helper's store, atomically,
 * with one privilege prompt when the file is not writable.
 */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {
                "  ingress-lab hosts status -f samples/ch8/",
                "  ingress-lab hosts sync --context minikube",
                "  ingress-lab hosts clean"},
        description = {"Map the hosts of the served Ingresses to this machine in the hosts file, so a browser reaches"
                + " them: status, plan, sync or clean the Ingress Lab block.",
                "Only the block between \"# >>> ingress-lab\" and \"# <<< ingress-lab\" is ever written; every other"
                        + " line stays byte for byte. Each write replaces the file whole (a new file, then a rename)"
                        + " and first keeps the file's previous content beside it as <file>.ingress-lab.bak (a"
                        + " file that did not exist yet has no previous content, so none is made). A lock file,"
                        + " <file>.ingress-lab.lock, beside it keeps two writers apart; both stay. A link is"
                        + " followed: the files sit beside the file it points to."},
        subcommands = {HostsCommand.Status.class, HostsCommand.Plan.class, HostsCommand.Sync.class,
                HostsCommand.Clean.class})
final class HostsCommand {

    /** Exit code 1: the hosts file could not be changed (declined, no rights, damaged block, kept changing). */
    static final int NOT_CHANGED = 1;

    static final String EXIT_CODES_HEADING = "%nExit codes:%n";

    /** {@code --hosts-file}. */
    static final class FileOption {
        @Option(names = "--hosts-file", paramLabel = "PATH", description = "the hosts file (default: the system's:"
                + " /etc/hosts; on Windows %%SystemRoot%%\\System32\\drivers\\etc\\hosts); a copy to try things on."
                + " Its folder must exist")
        Path hostsFile;

        Path path() {
            return hostsFile != null ? hostsFile : HostsStore.systemPath();
        }
    }

    /** What every subcommand shares: the file and how it is written. */
    abstract static class OnFile implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        FileOption file;

        /** How rights are asked for when the file is not writable; tests give one that records the call. */
        private final Supplier<Optional<PrivilegeEscalator>> escalator;
        /** The data directory, where a running instance's claim on the hosts file is ({@link HostsClaim}). */
        private final Supplier<Path> dataDirectory;

        OnFile(Supplier<Optional<PrivilegeEscalator>> escalator) {
            this(escalator, DataDirectory::resolve);
        }

        OnFile(Supplier<Optional<PrivilegeEscalator>> escalator, Supplier<Path> dataDirectory) {
            this.escalator = escalator;
            this.dataDirectory = dataDirectory;
        }

        /**
         * A change by hand while a running {@code up} or {@code demo} keeps the file in sync would be undone by it,
         * or undo its work: refused (exit 1) naming that instance, unless {@code force}.
         */
        Integer checkKeeper(boolean force) {
            if (force) {
                return null;
            }
            return HostsClaim.holder(dataDirectory.get(), file.path()).map(holder -> failed(HostsClaim.keptBy(
                    file.path(), holder) + ", or add --force to change the file all the same (that instance may"
                    + " change it back)", NOT_CHANGED)).orElse(null);
        }

        HostsAccess access() {
            return new HostsAccess(file.path(), escalator.get());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        int failed(String message, int code) {
            err().println("ingress-lab hosts " + spec.name() + ": " + message);
            err().flush();
            return code;
        }

        /** A {@code --hosts-file} that is a folder, or whose folder is missing: bad input, said before anything. */
        Integer checkFile() {
            return FileToWrite.HOSTS_FILE.problem(file.path()).map(problem -> failed(problem, ExitCodes.BAD_INPUT))
                    .orElse(null);
        }

        /** Applies a plan, saying first what changes (and, when a prompt comes, why). */
        int apply(HostsAccess access, HostsPlan plan) {
            if (plan.isEmpty()) {
                out().println(access.file() + " already " + (plan.wanted().names().isEmpty()
                        ? "has no Ingress Lab block" : "maps exactly these names in its Ingress Lab block")
                        + ": nothing to change.");
                out().flush();
                return ExitCodes.OK;
            }
            new HostsChange(access.file(), plan).lines().forEach(out()::println);
            out().flush();
            try {
                HostsPlan done = access.apply(plan, line -> {
                    out().println(line);
                    out().flush();
                });
                out().println(HostsAccess.done(access.file(), done));
                out().flush();
                return ExitCodes.OK;
            } catch (HostsFailure e) {
                return failed(e.getMessage(), NOT_CHANGED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed("interrupted; the file is as it was or fully changed, never in between",
                        NOT_CHANGED);
            }
        }
    }

    /** What status, plan and sync share: the Ingresses whose hosts are wanted. */
    abstract static class OnNames extends OnFile {
        @Option(names = {"-f", "--filename"}, paramLabel = "PATH", description = "manifest file, folder of"
                + " manifests, or - for standard input (repeatable); without it, the Ingresses of a cluster")
        List<String> files = new ArrayList<>();

        @Mixin
        ClusterOptions clusterOptions;

        @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "with a cluster: only these"
                + " namespaces (repeatable; default: all)")
        List<String> namespaces = new ArrayList<>();

        @Option(names = "--http-port", paramLabel = "PORT", description = "the proxy's HTTP port the URLs name"
                + " (default: a running demo's, else 80 when it can be bound here, else 8080)")
        Integer httpPort;

        /** Where the Ingresses were read: the cluster's line, or the files; set before {@link #run}. */
        String readFrom = "";

        OnNames(Supplier<Optional<PrivilegeEscalator>> escalator) {
            super(escalator);
        }

        /** Whether the command prints data ({@code -o json}): then stdout carries the document alone. */
        boolean printsData() {
            return false;
        }

        OnNames(Supplier<Optional<PrivilegeEscalator>> escalator, Supplier<Path> dataDirectory) {
            super(escalator, dataDirectory);
        }

        @Override
        public Integer call() {
            if (!files.isEmpty() && (clusterOptions.context != null || clusterOptions.kubeconfig != null
                    || !namespaces.isEmpty())) {
                return failed("give the Ingresses as files (-f) or as a cluster (--context, --kubeconfig,"
                        + " --namespace), not both", ExitCodes.BAD_INPUT);
            }
            Integer bad = checkFile();
            if (bad != null) {
                return bad;
            }
            SessionOptions options = SessionOptions.defaults().withoutProxy().withHostsFile(file.path());
            UrlPort port;
            try {
                port = UrlPort.of(httpPort, options.dataDirectory());
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage(), ExitCodes.BAD_INPUT);
            }
            Source source = files.isEmpty()
                    ? new Source.Cluster(clusterOptions.kubeconfig, clusterOptions.context, namespaces)
                    : new Source.Manifests(files.stream().map(Path::of).toList());
            List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
            LabSession session;
            try {
                session = LabSession.start(source, options, event -> {
                    if (event instanceof SessionEvent.Notice notice) {
                        said.add(notice.text()); // the cluster's context and API server
                    } else if (event instanceof SessionEvent.RoutesApplied applied) {
                        applied.notes().forEach(note -> said.add("note: " + note));
                    }
                });
            } catch (SessionStartException e) {
                err().println("ingress-lab hosts " + spec.name() + ": " + e.getMessage());
                e.problems().stream().map(ManifestProblem::display).forEach(err()::println);
                err().flush();
                return e.reason() == SessionStartException.Reason.CLUSTER_UNAVAILABLE
                        ? UpCommand.CLUSTER_UNAVAILABLE : ExitCodes.BAD_INPUT;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NOT_CHANGED;
            }
            try (session) {
                session.initialSubscription().orElseThrow().awaitDelivered(Duration.ofSeconds(10));
                List<String> from = said.stream().filter(line -> !line.startsWith("note: ")).toList();
                readFrom = files.isEmpty() ? String.join("; ", from) : "files " + String.join(", ", files);
                // which cluster the names come from, before anything else (read only: nothing is written to it)
                from.forEach(line -> (printsData() ? err() : out()).println("Ingresses of " + line + " (read only)"));
                said.stream().filter(line -> line.startsWith("note: ")).forEach(err()::println);
                err().flush();
                WantedHosts wanted = session.wantedHosts();
                HostsAccess access = access();
                HostsReport report = HostsReport.of(access.file(), access.read(), wanted, port.port());
                return run(report, port, access);
            } catch (HostsFailure e) {
                return failed(e.getMessage(), NOT_CHANGED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NOT_CHANGED;
            }
        }

        abstract int run(HostsReport report, UrlPort port, HostsAccess access);

        /** The hints after a report: wildcards, refused names, host-less rules, and the port. */
        void printNotes(HostsReport report, UrlPort port) {
            PrintWriter out = out();
            WantedHosts wanted = report.wanted();
            for (WantedHosts.Wildcard wildcard : wanted.wildcards()) {
                out.println("wildcard " + wildcard.pattern() + " (" + String.join(", ", wildcard.ingresses()) + "): "
                        + wildcard.explanation());
            }
            for (WantedHosts.Refused refused : wanted.refused()) {
                out.println("not for the hosts file: " + refused.name() + ": " + refused.reason());
            }
            if (wanted.anyHost()) {
                out.println("rules without a host (and defaultBackends) take any name: "
                        + dev.ingresslab.core.hosts.ExactUrl.http("127.0.0.1", port.port(), "/")
                        + " reaches them with no entry");
            }
            out.println(port.port() == 80 ? "The URLs name no port: the proxy's HTTP port is 80 (" + port.why()
                    + ")." : "The URLs name port " + port.port() + " (" + port.why() + "): a hosts entry maps a"
                    + " name, never a port, so open them as printed.");
        }
    }

    /**
     * A subcommand that reads the names and prints a report: as text, or with {@code -o json|yaml} as one document
     * alone on standard output (its shape in docs/cli.md). The format is checked before anything is read, so a bad
     * {@code -o} is a usage error (exit 2).
     */
    abstract static class DataReport extends OnNames {
        @Mixin
        OutputOptions output;

        private OutputOptions.Format format = OutputOptions.Format.text;

        DataReport(Supplier<Optional<PrivilegeEscalator>> escalator) {
            super(escalator);
        }

        @Override
        public Integer call() {
            format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                    OutputOptions.Format.yaml); // a usage error before anything is read
            return super.call();
        }

        @Override
        final boolean printsData() {
            return format != OutputOptions.Format.text;
        }

        @Override
        final int run(HostsReport report, UrlPort port, HostsAccess access) {
            if (printsData()) {
                OutputOptions.print(out(), format, document(report, port));
                return ExitCodes.OK;
            }
            return printText(report, port);
        }

        /** The report as data: a record that {@link OutputOptions#print} writes as JSON or YAML. */
        abstract Object document(HostsReport report, UrlPort port);

        /** The report as text for a person; returns the exit code. */
        abstract int printText(HostsReport report, UrlPort port);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab hosts status -f samples/ch8/services.yaml -f samples/ch8/host-ingress.yaml",
                    "  ingress-lab hosts status --context minikube --hosts-file /tmp/hosts",
                    "  ingress-lab hosts status -f samples/ch8/ -o json | jq -r '.names[].url'"}, sortOptions = false,
            description = "For each host of the served Ingresses: in the Ingress Lab block, mapped elsewhere (which"
                    + " line), or missing; and the exact URL to open.",
            exitCodeListHeading = EXIT_CODES_HEADING,
            exitCodeList = {"0:reported", "1:the hosts file cannot be read (its block is damaged, …)",
                    "2:bad input (options, manifests)", "3:the cluster cannot be reached"})
    static final class Status extends DataReport {
        Status() {
            this(Escalators::terminal);
        }

        Status(Supplier<Optional<PrivilegeEscalator>> escalator) {
            super(escalator);
        }

        @Override
        Object document(HostsReport report, UrlPort port) {
            return HostsStatusJson.of(report, readFrom, port);
        }

        @Override
        int printText(HostsReport report, UrlPort port) {
            PrintWriter out = out();
            out.println("hosts file " + report.file() + (report.plan().current().exists() ? "" : " (it does not"
                    + " exist yet)"));
            if (report.rows().isEmpty()) {
                out.println("The served Ingresses name no precise host: nothing needs the hosts file.");
            } else {
                int width = report.rows().stream().mapToInt(row -> row.name().name().length()).max().orElse(4);
                int stateWidth = Math.min(40, report.rows().stream().mapToInt(row -> row.state().length()).max()
                        .orElse(5));
                out.printf("  %-" + width + "s  %-" + stateWidth + "s  %s%n", "NAME", "HOSTS FILE", "URL");
                for (HostsReport.Row row : report.rows()) {
                    out.printf("  %-" + width + "s  %-" + stateWidth + "s  %s%n", row.name().name(), row.state(),
                            row.url());
                    if (row.status().state() == dev.ingresslab.hosts.HostsStatus.State.ELSEWHERE) {
                        out.println("    " + row.advice());
                    }
                }
            }
            if (!report.stale().isEmpty()) {
                out.println("in the block, no longer served: " + String.join(", ", report.stale())
                        + " (sync removes " + (report.stale().size() == 1 ? "it" : "them") + ")");
            }
            printNotes(report, port);
            out.println(report.plan().isEmpty() ? "The block is up to date."
                    : "`ingress-lab hosts sync` with the same -f or --context changes: " + summary(report.plan()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab hosts plan -f samples/ch8/",
                    "  ingress-lab hosts plan --context kind-kind",
                    "  ingress-lab hosts plan -f samples/ch8/ -o json | jq -r '.add[]'"}, sortOptions = false,
            description = "What sync would change in the hosts file, line by line; nothing is written.",
            exitCodeListHeading = EXIT_CODES_HEADING,
            exitCodeList = {"0:shown", "1:the hosts file cannot be read", "2:bad input (options, manifests)",
                    "3:the cluster cannot be reached"})
    static final class Plan extends DataReport {
        Plan() {
            this(Escalators::terminal);
        }

        Plan(Supplier<Optional<PrivilegeEscalator>> escalator) {
            super(escalator);
        }

        @Override
        Object document(HostsReport report, UrlPort port) {
            return HostsPlanJson.of(report, readFrom, port);
        }

        @Override
        int printText(HostsReport report, UrlPort port) {
            PrintWriter out = out();
            HostsPlan plan = report.plan();
            out.println("hosts file " + report.file() + ": " + (plan.isEmpty() ? "nothing to change" : summary(plan)));
            if (!plan.isEmpty()) {
                for (HostName name : plan.added()) {
                    out.println("+ 127.0.0.1 " + name.value());
                    out.println("+ ::1 " + name.value());
                }
                for (HostName name : plan.removed()) {
                    out.println("- 127.0.0.1 " + name.value());
                    out.println("- ::1 " + name.value());
                }
                if (!plan.current().hasBlock()) {
                    out.println("(a new Ingress Lab block at the end of the file, between \""
                            + dev.ingresslab.hosts.HostsFile.BEGIN_MARKER + "\" and \""
                            + dev.ingresslab.hosts.HostsFile.END_MARKER + "\")");
                } else if (plan.wanted().names().isEmpty()) {
                    out.println("(the Ingress Lab block goes, markers too)");
                }
            }
            plan.conflicts().forEach(conflict -> out.println("note: " + conflict.message()));
            printNotes(report, port);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab hosts sync -f samples/ch8/",
                    "  ingress-lab hosts sync --context minikube --hosts-file ./hosts.copy"}, sortOptions = false,
            description = {"Make the Ingress Lab block map exactly the hosts of the served Ingresses (each to"
                    + " 127.0.0.1 and ::1). When the file is not writable, says what changes, then asks once for"
                    + " administrator rights: sudo asks for your password in this terminal (where there is no sudo,"
                    + " pkexec asks in a dialog)."},
            exitCodeListHeading = EXIT_CODES_HEADING,
            exitCodeList = {"0:the block is up to date", "1:the hosts file was not changed (declined, no rights,"
                    + " a damaged block, a file that kept changing)", "2:bad input (options, manifests)",
                    "3:the cluster cannot be reached"})
    static final class Sync extends OnNames {
        @Option(names = "--force", description = "write even while a running up or demo keeps this file in sync")
        boolean force;

        Sync() {
            this(Escalators::terminal);
        }

        Sync(Supplier<Optional<PrivilegeEscalator>> escalator) {
            super(escalator);
        }

        Sync(Supplier<Optional<PrivilegeEscalator>> escalator, Supplier<Path> dataDirectory) {
            super(escalator, dataDirectory);
        }

        @Override
        int run(HostsReport report, UrlPort port, HostsAccess access) {
            Integer kept = checkKeeper(force);
            if (kept != null) {
                return kept;
            }
            int code = apply(access, report.plan());
            if (code == ExitCodes.OK) {
                for (HostsReport.Row row : report.rows()) {
                    out().println("  " + row.url() + (row.status().effective() != null
                            && !row.status().reachesIngressLab() ? "  (still " + row.advice() + ")" : ""));
                }
                printNotes(report, port);
                out().flush();
            }
            return code;
        }
    }

    @Command(name = "clean", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab hosts clean",
                    "  ingress-lab hosts clean --hosts-file ./hosts.copy"}, sortOptions = false,
            description = "Remove the Ingress Lab block (markers included) from the hosts file; every other line"
                    + " stays as it is.",
            exitCodeListHeading = EXIT_CODES_HEADING,
            exitCodeList = {"0:the file has no block (any more)", "1:the hosts file was not changed",
                    "2:bad input (options)"})
    static final class Clean extends OnFile {
        @Option(names = "--force", description = "remove the block even while a running up or demo keeps this file"
                + " in sync")
        boolean force;

        Clean() {
            this(Escalators::terminal);
        }

        Clean(Supplier<Optional<PrivilegeEscalator>> escalator) {
            super(escalator);
        }

        Clean(Supplier<Optional<PrivilegeEscalator>> escalator, Supplier<Path> dataDirectory) {
            super(escalator, dataDirectory);
        }

        @Override
        public Integer call() {
            Integer bad = checkFile();
            if (bad == null) {
                bad = checkKeeper(force);
            }
            if (bad != null) {
                return bad;
            }
            HostsAccess access = access();
            try {
                return apply(access, HostsPlan.clean(access.read()));
            } catch (HostsFailure e) {
                return failed(e.getMessage(), NOT_CHANGED);
            }
        }
    }

    /** {@code add a.example.com, b.example.com; remove c.example.com}. */
    static String summary(HostsPlan plan) {
        List<String> parts = new ArrayList<>();
        if (!plan.added().isEmpty()) {
            parts.add("add " + String.join(", ", plan.added().stream().map(HostName::value).toList()));
        }
        if (!plan.removed().isEmpty()) {
            parts.add("remove " + String.join(", ", plan.removed().stream().map(HostName::value).toList()));
        }
        return parts.isEmpty() ? "rewrite the block in its canonical form" : String.join("; ", parts);
    }

    private HostsCommand() {
    }
}
