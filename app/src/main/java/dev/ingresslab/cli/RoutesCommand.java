package dev.ingresslab.cli;

import dev.ingresslab.control.ControlClient;
import dev.ingresslab.control.ControlException;
import dev.ingresslab.control.ControlFile;
import dev.ingresslab.control.RoutesAnswer;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.core.Source;
import dev.ingresslab.manifest.ManifestProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ingress-lab routes}: the route table in force, a table per host. */
@Command(name = "routes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the routes in force in the running Ingress Lab (demo, up or serve), or those of the"
                + " manifests given with -f: a table per host with each path, its type, its backend Service and"
                + " port, how many of its endpoints are ready, the Ingress it comes from, and its warnings.",
                "It says on standard error which it read."},
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {"  ingress-lab routes                          the running demo's routes",
                "  ingress-lab routes -o wide                  with rule, path and file",
                "  ingress-lab routes -f samples/ch8/          offline, from manifests",
                "  ingress-lab routes -o json | jq '.routes[].host'",
                "  ingress-lab routes --instance 8080          of the one on port 8080"},
        exitCodeList = {"1:without -f, no running Ingress Lab to read"})
final class RoutesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private RouteSourceOptions source;

    @Mixin
    private InstanceOptions instanceOptions;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws CommandFailure, InterruptedException {
        OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.wide,
                OutputOptions.Format.json, OutputOptions.Format.yaml);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RoutesAnswer answer = source.files.isEmpty() ? live(err) : offline(err);
        err.flush();
        if (format == OutputOptions.Format.json || format == OutputOptions.Format.yaml) {
            OutputOptions.print(out, format, answer);
        } else {
            out.print(new RouteTable(Colours.of(spec), format == OutputOptions.Format.wide).render(answer));
            out.flush();
        }
        return ExitCodes.OK;
    }

    private RoutesAnswer live(PrintWriter err) throws CommandFailure, InterruptedException {
        if (source.ignoreClassless) {
            throw CommandFailure.badInput("--ignore-classless applies to the manifests given with -f; without -f,"
                    + " routes shows what the running Ingress Lab serves (start it with --ignore-classless instead)");
        }
        ControlFile instance = instanceOptions.choose(IngressLabCommand.of(spec).dataDirectory(), err)
                .orElseThrow(() -> CommandFailure.failed("no running Ingress Lab to read the routes of: start one"
                        + " (`ingress-lab demo`, `serve -f …` or `up`), or give manifests with -f"
                        + " (`ingress-lab routes -f samples/ch8/`)"));
        err.println("the routes in force in " + instance.display());
        try {
            RoutesAnswer answer = new ControlClient(instance).routes();
            if (!answer.state().equals(SessionSnapshot.State.RUNNING.name())) {
                err.println("note: its session is " + answer.state().toLowerCase(java.util.Locale.ROOT)
                        + (answer.state().equals("DISCONNECTED") ? ": the API server does not answer; the last"
                        + " routes stay in force" : ""));
            }
            return answer;
        } catch (ControlException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private RoutesAnswer offline(PrintWriter err) throws CommandFailure, InterruptedException {
        err.println("the routes the manifests compile to (" + String.join(", ", source.files) + ")");
        List<Path> paths = source.files.stream().map(Path::of).toList();
        LabSession session;
        try {
            session = LabSession.start(new Source.Manifests(paths),
                    SessionOptions.defaults().withTranslation(source.translatorSettings(443)).withoutProxy());
        } catch (SessionStartException e) {
            throw CommandFailure.badInput("the manifests cannot be used: " + e.getMessage()
                    + e.problems().stream().map(ManifestProblem::display).map(line -> "\n" + line)
                    .reduce("", String::concat));
        }
        try (session) {
            return RoutesAnswer.offline(paths, session.current());
        }
    }
}
