package dev.ingresslab.cli;

import dev.ingresslab.control.ControlDirectory;
import dev.ingresslab.control.ControlFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingress-lab instances}: the running demo, up and serve processes the other commands can read. */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = {"List the running Ingress Labs (demo, up, serve) that routes, requests and explain can read,"
                + " with the pid and HTTP port --instance takes.",
                "Files left by instances that were killed are named on standard error and ignored."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab instances",
                "  ingress-lab instances -o json | jq '.[].httpPort'"})
final class InstancesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                OutputOptions.Format.yaml);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ControlDirectory.Scan scan = new ControlDirectory(IngressLabCommand.of(spec).dataDirectory()).scan();
        scan.stale().forEach(stale -> err.println("note: " + stale.message()));
        err.flush();
        List<ControlFile.Instance> instances = scan.live().stream().map(ControlFile::withoutToken).toList();
        if (format != OutputOptions.Format.text) {
            OutputOptions.print(out, format, instances);
            return ExitCodes.OK;
        }
        if (instances.isEmpty()) {
            out.println("no Ingress Lab runs: start one with `ingress-lab demo`, `serve -f PATH` or `up`");
            out.flush();
            return ExitCodes.OK;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PID", "COMMAND", "HTTP PORT", "SINCE", "CONTROL"});
        for (ControlFile.Instance instance : instances) {
            rows.add(new String[] {String.valueOf(instance.pid()), instance.command(),
                    String.valueOf(instance.httpPort()), instance.since().toString(),
                    "127.0.0.1:" + instance.controlPort()});
        }
        int[] widths = new int[5];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
