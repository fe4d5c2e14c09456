package dev.ingresslab.cli;

import dev.ingresslab.cluster.ClusterErrors;
import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.core.ClusterTarget;
import dev.ingresslab.lint.ClusterObjects;
import dev.ingresslab.lint.FixedFile;
import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.lint.LintFixer;
import dev.ingresslab.lint.LintReport;
import dev.ingresslab.lint.Linter;
import dev.ingresslab.lint.Severity;
import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ingress-lab lint FILE|DIR|- … [-o text|json] [--fix] [--context C]}: checks manifests before they reach a
 * cluster, with the API server's words and a hint, at {@code file:line:column}; {@code --fix} rewrites them to the
 * v1 form (backup first, diff shown); {@code --context} also checks them against a cluster, read only.
 */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check Ingress manifests before they reach a cluster, with a hint for each mistake.", "",
                "YAML errors, the API server's refusals (in its own words, so they can be searched) and what the"
                        + " controller would refuse or lose, each at its file, line and column. No cluster is needed.", "",
                "Examples:",
                "  ./ingress-lab lint samples/ch8/mistakes/simple-ingress-spec-service.yaml",
                "  ./ingress-lab lint --fix my-ingress.yaml     (keeps my-ingress.yaml.bak)",
                "  ./ingress-lab lint --context minikube k8s/ -o json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no errors or warnings", "1:errors or warnings found",
                "2:an input cannot be read, or bad options", "3:the cluster of --context cannot be reached"})
final class LintCommand implements Callable<Integer> {

    /** Findings were reported: the manifests need changes. */
    static final int FINDINGS = 1;

    enum Format { text, json, yaml }

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR|-",
            description = "manifest files, folders of manifests (not recursing), or - for standard input")
    private List<String> sources;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json or yaml (default: ${DEFAULT-VALUE})")
    private Format format;

    @Option(names = "--fix", description = "rewrite the files to the corrected v1 form (comments kept), after a"
            + " backup FILE.bak, and show the diff")
    private boolean fix;

    @Option(names = "--context", paramLabel = "NAME", description = "also check against this kubeconfig context's"
            + " cluster (read only): Services, ports, endpoints, TLS Secrets, IngressClasses")
    private String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig for --context (default: those"
            + " in $KUBECONFIG, else ~/.kube/config)")
    private Path kubeconfig;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (fix && sources.contains("-")) {
            err.println("ingress-lab lint: --fix rewrites files; save standard input to a file and fix that");
            return ExitCodes.BAD_INPUT;
        }
        List<String> fixes = new ArrayList<>();
        if (fix) {
            Integer failed = fixFiles(out, err, fixes);
            if (failed != null) {
                return failed;
            }
        }
        Linter linter = new Linter(new ManifestLoader(), TranslatorSettings.defaults());
        String against = null;
        if (context != null || kubeconfig != null) {
            ClusterTarget target;
            try {
                target = ClusterTarget.load(kubeconfig, context);
            } catch (ContextNotFoundException e) {
                err.println("ingress-lab lint: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (IOException | RuntimeException e) {
                err.println("ingress-lab lint: cannot read the kubeconfig: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            against = target.describeRead(java.util.List.of()); // ClusterObjects reads every namespace
            // one read, not a session: an unreachable cluster is said at once rather than after minutes of retries
            target.config().setRequestRetryBackoffLimit(1);
            target.config().setRequestTimeout(10_000);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build()) {
                linter = linter.withCluster(ClusterObjects.read(client).merger());
            } catch (KubernetesClientException e) {
                err.println("ingress-lab lint: the cluster of context " + target.context().name() + " cannot be"
                        + " read: " + ClusterErrors.describe(e, target.context()));
                return UpCommand.CLUSTER_UNAVAILABLE;
            }
        }
        LintReport report = linter.lint(sources);
        if (format == Format.json) {
            out.print(LintJson.render(report, against, fixes));
        } else if (format == Format.yaml) {
            out.print(OutputOptions.yamlOf(LintJson.render(report, against, fixes)));
        } else {
            if (against != null) {
                out.println("checked against " + against + " (read only)");
            }
            report.notes().forEach(note -> err.println("note: " + note));
            report.findings().stream().map(LintFinding::display).forEach(out::println);
            out.println(summary(report));
        }
        out.flush();
        if (report.unreadable()) {
            return ExitCodes.BAD_INPUT;
        }
        return report.clean() ? ExitCodes.OK : FINDINGS;
    }

    /** Fixes each file named or in a folder named; null when all went well, else the exit code. */
    private Integer fixFiles(PrintWriter out, PrintWriter err, List<String> fixes) {
        LintFixer fixer = new LintFixer();
        for (String source : sources) {
            Path path = Path.of(source);
            List<Path> files;
            try {
                files = Files.isDirectory(path) ? ManifestLoader.manifestFiles(path)
                        : Files.isRegularFile(path) ? List.of(path) : List.of();
            } catch (IOException e) {
                continue; // lint reports the folder it cannot list
            }
            for (Path file : files) {
                try {
                    String original = Files.readString(file, StandardCharsets.UTF_8);
                    LintFixer.FixResult result = fixer.fix(file.toString(), original);
                    if (!result.changed()) {
                        continue;
                    }
                    Path backup = FixedFile.write(file, result.text());
                    fixes.add(file.toString());
                    if (format == Format.text) {
                        out.print(FixedFile.unifiedDiff(file.toString(), original, result.text()));
                        out.println("fixed " + file + " (" + result.applied().size() + " change"
                                + (result.applied().size() == 1 ? "" : "s") + "; the original is " + backup + ")");
                    }
                } catch (IOException | RuntimeException e) {
                    err.println("ingress-lab lint: cannot fix " + file + ": " + e.getMessage()
                            + "; the file is unchanged");
                    return ExitCodes.BAD_INPUT;
                }
            }
        }
        return null;
    }

    private static String summary(LintReport report) {
        long errors = report.count(Severity.ERROR);
        long warnings = report.count(Severity.WARNING);
        if (errors == 0 && warnings == 0) {
            return "no problems found";
        }
        return errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning"
                + (warnings == 1 ? "" : "s");
    }
}
