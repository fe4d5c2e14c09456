package dev.ingresslab.cli;

import picocli.CommandLine.Command;

/** The top command; each job is a subcommand. */
@Command(name = "ingress-lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Kubernetes Ingress made tangible: route, explain and debug Ingress on your laptop.",
        subcommands = {ExplainCommand.class, ServeCommand.class, UpCommand.class, ContextsCommand.class,
                SamplesCommand.class, DemoCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class IngressLabCommand {
}
