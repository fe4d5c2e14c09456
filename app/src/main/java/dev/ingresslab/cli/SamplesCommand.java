package dev.ingresslab.cli;

import dev.ingresslab.cluster.ClusterErrors;
import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.core.ClusterTarget;
import dev.ingresslab.core.SampleDeployer;
import dev.ingresslab.core.SampleSteps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code ingress-lab samples list|deploy|delete}: the chapter's steps, on any cluster. */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = {"The chapter's sample manifests (also in samples/ch8/): list them in the chapter's order,"
                + " deploy them to a cluster, or delete what was deployed.",
                // The first line is the whole summary the top-level --help lists: it must be a whole sentence.
                "The objects deploy creates carry the label", "  app.kubernetes.io/managed-by=ingress-lab",
                "and delete removes only those."},
        subcommands = {SamplesCommand.ListSteps.class, SamplesCommand.Deploy.class, SamplesCommand.Delete.class},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab samples list",
                "  ingress-lab samples deploy --context minikube"})
final class SamplesCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the steps in the chapter's order, with the chapter's two mistakes where it makes"
                    + " them (before simple).",
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {"  ingress-lab samples list",
                    "  ingress-lab samples list -o json | jq -r '.[].name'"})
    static final class ListSteps implements Runnable {
        @Spec
        private CommandSpec spec;

        @Mixin
        private OutputOptions output;

        /**
         * A step or mistake as {@code -o json|yaml} prints it, in the chapter's order. The field names are a
         * published interface: keep them stable.
         *
         * @param name        the step's name ({@code --step} takes it); null for a mistake
         * @param mistake     whether it is one of the chapter's mistakes (not deployable)
         * @param file        its manifest
         * @param description what it shows
         */
        record StepJson(String name, boolean mistake, String file, String description) {
        }

        @Override
        public void run() {
            OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                    OutputOptions.Format.yaml);
            Checkout checkout = Checkout.current();
            if (format != OutputOptions.Format.text) {
                List<StepJson> steps = new ArrayList<>();
                for (SampleSteps.Step step : SampleSteps.STEPS) {
                    if (step.name().equals("simple")) {
                        SampleSteps.MISTAKES.forEach(mistake -> steps.add(new StepJson(null, true,
                                file(checkout, mistake.file()), "kubectl apply -f it: the API server refuses "
                                + mistake.what())));
                    }
                    steps.add(new StepJson(step.name(), false, file(checkout, step.file()), step.description()));
                }
                OutputOptions.print(spec.commandLine().getOut(), format, steps);
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "FILE", "WHAT IT SHOWS"});
            for (SampleSteps.Step step : SampleSteps.STEPS) {
                if (step.name().equals("simple")) {
                    for (SampleSteps.Mistake mistake : SampleSteps.MISTAKES) {
                        rows.add(new String[] {"(mistake)", file(checkout, mistake.file()), "kubectl apply -f it:"
                                + " the API server refuses " + mistake.what()});
                    }
                }
                rows.add(new String[] {step.name(), file(checkout, step.file()), step.description()});
            }
            int fileWidth = rows.stream().mapToInt(row -> row[1].length()).max().orElse(0);
            PrintWriter out = spec.commandLine().getOut();
            out.println("The chapter's steps, in its order. `samples deploy --step NAME` applies one (the services"
                    + " first);");
            out.println("without --step it applies services, host and path, where the chapter ends. The mistakes"
                    + " cannot be");
            out.println("deployed: try them with kubectl before simple, as the chapter does (they reuse its name).");
            for (String[] row : rows) {
                out.printf("%-10s %-" + fileWidth + "s  %s%n", row[0], row[1], row[2]);
            }
            out.flush();
        }

        private static String file(Checkout checkout, String file) {
            return checkout.hasSamples() ? checkout.sample(file)
                    : java.net.URI.create("samples/ch8/" + file).normalize().getPath(); // ../gateway/…
        }
    }

    /** What deploy and delete share: the cluster, and which steps. */
    abstract static class OnCluster implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions clusterOptions;

        @Option(names = "--step", paramLabel = "NAME", description = "a step (repeatable; see `samples list`;"
                + " default: services, host and path, the chapter as it ends)")
        List<String> steps = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<SampleSteps.Step> chosen = new ArrayList<>();
            try {
                for (String name : steps.isEmpty() ? SampleSteps.CHAPTER_END : steps) {
                    chosen.add(SampleSteps.named(name));
                }
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("ingress-lab samples: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            ClusterTarget target;
            try {
                target = clusterOptions.target();
            } catch (ContextNotFoundException e) {
                spec.commandLine().getErr().println("ingress-lab samples: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            } catch (Exception e) {
                spec.commandLine().getErr().println("ingress-lab samples: cannot read the kubeconfig: "
                        + e.getMessage());
                return ExitCodes.CLUSTER_UNREACHABLE;
            }
            PrintStream lines = LineStream.to(spec.commandLine().getOut());
            lines.println(target.describe()); // before anything is written: which cluster this acts on
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build();
                 Progress progress = Progress.start(lines, Colours.of(spec), spec.name().equals("deploy")
                         ? "applying the steps and waiting for their Deployments" : "deleting the steps' objects")) {
                PrintStream out = progress.stream();
                SampleDeployer deployer = new SampleDeployer(client, out);
                if (spec.name().equals("deploy")) { // the TLS step's Secret, from the local CA when it is missing
                    deployer = deployer.issuingSecretsWith(dev.ingresslab.tls.local.LocalCa.loadOrCreate(
                            IngressLabCommand.of(spec).dataDirectory(),
                            dev.ingresslab.tls.local.LocalCa.defaultOwner()));
                }
                return run(deployer, chosen, out);
            } catch (KubernetesClientException e) {
                spec.commandLine().getErr().println("ingress-lab samples: the cluster of context "
                        + target.context().name() + " refused: " + ClusterErrors.describe(e, target.context()));
                return ExitCodes.CLUSTER_UNREACHABLE;
            }
        }

        abstract int run(SampleDeployer deployer, List<SampleSteps.Step> steps, PrintStream out)
                throws InterruptedException;
    }

    @Command(name = "deploy", mixinStandardHelpOptions = true, description = "Apply steps to a cluster (the services"
            + " first) and wait until their Deployments are ready.",
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {"  ingress-lab samples deploy --context minikube",
                    "  ingress-lab samples deploy --step services --step simple",
                    "  ingress-lab samples deploy --step tls --no-wait"},
            exitCodeList = {"1:the Deployments were not ready in 3 minutes"})
    static final class Deploy extends OnCluster {
        @Option(names = "--no-wait", description = "do not wait for the Deployments to be ready")
        boolean noWait;

        @Override
        int run(SampleDeployer deployer, List<SampleSteps.Step> steps, PrintStream out)
                throws InterruptedException {
            List<SampleSteps.Step> withServices = new ArrayList<>();
            if (!steps.contains(SampleSteps.SERVICES)) {
                withServices.add(SampleSteps.SERVICES);
            }
            withServices.addAll(steps);
            List<HasMetadata> applied = new ArrayList<>();
            for (SampleSteps.Step step : withServices) {
                out.println(step.name() + ": " + step.description());
                applied.addAll(deployer.deploy(step));
            }
            if (!noWait && !deployer.awaitReady(applied, Duration.ofMinutes(3))) {
                return ExitCodes.FAILURE;
            }
            Checkout checkout = Checkout.current();
            out.println("done; see the routes with `" + checkout.launcher() + " up`"
                    + (checkout.hasSamples() ? ", or without a cluster: `" + checkout.launcher() + " explain -f "
                    + checkout.sample("services.yaml") + " -f " + checkout.sample("host-ingress.yaml")
                    + " http://alpaca.example.com/`" : ""));
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete what deploy created for the steps"
            + " (only objects labelled as Ingress Lab's).",
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {"  ingress-lab samples delete --context minikube",
                    "  ingress-lab samples delete --step host --step path"})
    static final class Delete extends OnCluster {
        @Override
        int run(SampleDeployer deployer, List<SampleSteps.Step> steps, PrintStream out) {
            for (SampleSteps.Step step : steps) {
                out.println(step.name() + ":");
                deployer.delete(step);
            }
            return ExitCodes.OK;
        }
    }
}
