package dev.ingresslab.cli;

import dev.ingresslab.core.SampleSteps;
import dev.ingresslab.sandbox.Sandbox;
import dev.ingresslab.text.ShellWords;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code demo} prints once the sandbox is ready: the commands to try, in the chapter's order, each on a line
 * of its own so it pastes into bash and zsh alike (zsh, macOS's shell, takes a trailing {@code # comment} as
 * arguments unless {@code interactivecomments} is set, so the explanations have lines of their own).
 *
 * <p>Lines that are commands are indented by four spaces ({@link #COMMAND}); the others, indented by two or not
 * at all, say what the commands after them do.
 *
 * @param origin      the proxy's origin, {@code http://127.0.0.1:8080}
 * @param kubeconfig  the sandbox's kubeconfig
 * @param context     the sandbox's context in that kubeconfig ({@code ingress-lab-sandbox}, {@code …-2} for a
 *                    second demo)
 * @param checkout    where the chapter's files are
 * @param withSamples whether the services, host and path steps are already applied
 * @param httpsPort   the proxy's HTTPS port, 0 without an HTTPS listener (then nothing is said about TLS)
 * @param caFile      the local CA's certificate ({@code ca.pem}), for {@code curl --cacert}
 */
record DemoGuide(String origin, Path kubeconfig, String context, Checkout checkout, boolean withSamples,
                 int httpsPort, Path caFile) {

    /** A guide for the first sandbox (context {@value Sandbox#CONTEXT}) and a proxy without an HTTPS listener. */
    DemoGuide(String origin, Path kubeconfig, Checkout checkout, boolean withSamples) {
        this(origin, kubeconfig, Sandbox.CONTEXT, checkout, withSamples, 0, null);
    }

    /** A guide for a proxy without an HTTPS listener. */
    DemoGuide(String origin, Path kubeconfig, String context, Checkout checkout, boolean withSamples) {
        this(origin, kubeconfig, context, checkout, withSamples, 0, null);
    }

    /** A guide for the first sandbox's context, {@value Sandbox#CONTEXT}. */
    DemoGuide(String origin, Path kubeconfig, Checkout checkout, boolean withSamples, int httpsPort, Path caFile) {
        this(origin, kubeconfig, Sandbox.CONTEXT, checkout, withSamples, httpsPort, caFile);
    }

    /** The indent of a command line. */
    static final String COMMAND = "    ";

    /** The lines to print. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("kubectl works on the sandbox (context " + context + ") as on a cluster; in another"
                + " terminal:");
        command(lines, ShellWords.export("KUBECONFIG", kubeconfig.toString()));
        command(lines, "kubectl get ingress");
        if (withSamples) {
            command(lines, "kubectl describe ingress host-ingress");
            tries(lines);
        }
        chapter(lines);
        tls(lines);
        lines.add("More:");
        lines.add("  the endpoints follow the replicas:");
        command(lines, "kubectl scale deployment alpaca --replicas=1");
        lines.add("  changes as they happen (Ctrl-C ends it):");
        command(lines, "kubectl get ingress -w");
        if (checkout.hasSamples()) {
            lines.add("  what-if questions, without touching anything:");
            command(lines, checkout.launcher() + " explain -f " + checkout.sample("services.yaml") + " -f "
                    + checkout.sample("path-ingress.yaml") + " http://bandicoot.example.com/a");
        }
        return lines;
    }

    private void tries(List<String> lines) {
        lines.add("Try (host-ingress and path-ingress are applied):");
        command(lines, curl("alpaca.example.com", "/"));
        command(lines, curl("bandicoot.example.com", "/a/"));
        command(lines, curl("bandicoot.example.com", "/"));
        lines.add("  a host no rule names goes to the catch-all defaultBackend, be-default:");
        command(lines, curl("anything.example.com", "/"));
        lines.add("  the response's X-Ingress-Lab-Route header says which rule routed it:");
        command(lines, "curl -i -H " + ShellWords.quote("Host: alpaca.example.com") + " " + origin + "/");
    }

    /** The chapter's steps in its order: its two mistakes first, then the working simple-ingress (then host, path). */
    private void chapter(List<String> lines) {
        if (!checkout.hasSamples()) {
            lines.add("The chapter's steps, one at a time (list them with `ingress-lab samples list`):");
            for (String step : withSamples ? List.of("simple") : List.of("services", "simple", "host", "path")) {
                command(lines, ShellWords.command(checkout.launcher(), "samples", "deploy", "--step", step,
                        "--context", context));
            }
            return;
        }
        lines.add("The chapter, in its order" + (withSamples ? " (its services, host-ingress and path-ingress are"
                + " applied already):" : ":"));
        if (!withSamples) {
            lines.add("  the chapter's services, alpaca, bandicoot and be-default:");
            command(lines, "kubectl apply -f " + checkout.sample(SampleSteps.SERVICES.file()));
        }
        lines.add("  the chapter's two mistakes: the API server refuses each, and says what to write instead");
        lines.add("  (both are named simple-ingress: try them before the working simple-ingress exists)");
        for (SampleSteps.Mistake mistake : SampleSteps.MISTAKES) {
            command(lines, "kubectl apply -f " + checkout.sample(mistake.file()));
        }
        lines.add("  the working version, an Ingress with only a defaultBackend, alpaca:");
        command(lines, "kubectl apply -f " + checkout.sample("simple-ingress.yaml"));
        if (withSamples) {
            lines.add("  it takes over the hosts no rule names: host-ingress's defaultBackend is be-default, but the"
                    + " catch-all");
            lines.add("  of an Ingress without rules (simple-ingress) wins over one of an Ingress with rules;"
                    + " now alpaca answers:");
            command(lines, curl("anything.example.com", "/"));
            lines.add("  explain shows which defaultBackend wins and why, from the files alone:");
            command(lines, checkout.launcher() + " explain -f " + checkout.sample("services.yaml") + " -f "
                    + checkout.sample("host-ingress.yaml") + " -f " + checkout.sample("simple-ingress.yaml")
                    + " http://anything.example.com/");
            lines.add("  and back to be-default:");
            command(lines, "kubectl delete ingress simple-ingress");
        } else {
            lines.add("  every host now goes to alpaca:");
            command(lines, curl("bandicoot.example.com", "/"));
            lines.add("  by host, then by path (simple-ingress's catch-all keeps the hosts no rule names):");
            command(lines, "kubectl apply -f " + checkout.sample("host-ingress.yaml"));
            command(lines, "kubectl apply -f " + checkout.sample("path-ingress.yaml"));
        }
    }

    /** The chapter's TLS step: applied with its Secret issued by the local CA, then tried over https and plain HTTP. */
    private void tls(List<String> lines) {
        if (httpsPort <= 0 || caFile == null) {
            return;
        }
        String host = "alpaca.example.com";
        lines.add("HTTPS on port " + httpsPort + ": the chapter's TLS step, its Secret alpaca-tls issued by Ingress"
                + " Lab's local CA:");
        command(lines, ShellWords.command(checkout.launcher(), "samples", "deploy", "--step", "tls", "--context",
                context));
        command(lines, CurlSuggestion.https(host, "/", httpsPort, caFile));
        lines.add("  plain HTTP to a host with TLS is redirected to https (308, as ingress-nginx does):");
        command(lines, "curl -i -H " + ShellWords.quote("Host: " + host) + " " + origin + "/");
        lines.add("  a browser shows a lock once this computer trusts the CA:");
        command(lines, ShellWords.command(checkout.launcher(), "tls", "trust"));
    }

    private String curl(String host, String path) {
        return "curl -H " + ShellWords.quote("Host: " + host) + " " + origin + path;
    }

    private static void command(List<String> lines, String command) {
        lines.add(COMMAND + command);
    }
}
