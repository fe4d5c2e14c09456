package dev.ingresslab.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ingress-lab version}: what {@code --version} prints, as a command (as kubectl and helm have it). */
@Command(name = "version", mixinStandardHelpOptions = true,
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {
                "  ingress-lab version",
                "  ingress-lab --version",
                "  ingress-lab version -o json | jq -r .commit"},
        description = "Print the version, the git commit this copy was built from and the Java runtime it runs on"
                + " (and whether that runtime is the one bundled with an installed copy).")
final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                OutputOptions.Format.yaml);
        PrintWriter out = spec.commandLine().getOut();
        if (format != OutputOptions.Format.text) {
            OutputOptions.print(out, format, VersionJson.of(BuildInfo.current(), RuntimeInfo.current()));
            return ExitCodes.OK;
        }
        for (String line : new Version().getVersion()) {
            out.println(line);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
