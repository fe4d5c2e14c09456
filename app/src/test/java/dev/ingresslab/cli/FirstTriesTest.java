package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A newcomer's natural first tries: each is refused with exit code 2 (3 for a cluster) and what to type instead. */
class FirstTriesTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void noCommandWithoutADisplaySaysSoInOneLineAndNamesTheHeadlessCommands() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(Display.none("DISPLAY is not set"), new PrintWriter(out, true), new PrintWriter(err,
                true));

        assertThat(code).as("nothing wrong was asked").isZero();
        assertThat(err.toString().lines()).containsExactly("ingress-lab: no display to open the window on (DISPLAY is"
                + " not set); without a window use `ingress-lab demo --headless`, `up`, `serve`, `explain`,"
                + " `contexts`, `samples` (`ingress-lab --help` says more)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void guiWithoutADisplaySaysSoAndFails() {
        StringWriter err = new StringWriter();
        int code = Main.run(Display.none("neither DISPLAY nor WAYLAND_DISPLAY is set"), new PrintWriter(
                new StringWriter(), true), new PrintWriter(err, true), "gui");

        assertThat(code).isEqualTo(ExitCodes.NO_DISPLAY);
        assertThat(err.toString()).startsWith("ingress-lab: no display to open the window on (neither DISPLAY nor"
                + " WAYLAND_DISPLAY is set)").contains("`ingress-lab demo --headless`");
    }

    @Test
    void serveWithoutFilesSaysWhatItNeedsAndPointsToDemo() {
        Result result = run("serve");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("Missing required option: '--filename=PATH'")
                .contains("hint: serve runs the proxy on manifest files you give with -f")
                .contains("EndpointSlices whose addresses answer from this machine").contains("`ingress-lab demo`");
    }

    @Test
    void explainWithoutFilesOrUrlSaysWhatToGive() {
        assertThat(run("explain").err).contains("hint: give the URLs to explain")
                .contains("`ingress-lab explain -f samples/ch8/ http://alpaca.example.com/`")
                .contains("explain routes by the manifests you give with -f, or, without -f, by the routes in force in"
                        + " the running Ingress Lab");
        Result noUrl = run("explain", "-f", "../samples/ch8/");
        assertThat(noUrl.code).isEqualTo(2);
        assertThat(noUrl.err).contains("Missing required parameter: 'URL'")
                .contains("hint: give the URLs to explain, with their scheme and host");
    }

    @Test
    void aUrlWithoutSchemeGetsTheOneToType() {
        Result result = run("explain", "-f", "../samples/ch8/", "alpaca.example.com/a b");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("not an absolute URL: alpaca.example.com/a b; give the scheme too, as in"
                + " 'http://alpaca.example.com/a b'");
    }

    @Test
    void samplesAloneListsItsSubcommands() {
        Result result = run("samples");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("hint: `ingress-lab samples list` shows the chapter's steps");
    }

    @Test
    void theMistakesCannotBeDeployedAndSayHowToTryThem() {
        Result result = run("samples", "deploy", "--step", "mistakes");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("the chapter's two mistakes cannot be deployed")
                .contains("kubectl apply -f on each file of samples/ch8/mistakes/, before the step simple");
    }

    @Test
    void upWithoutAnyContextSaysHowToGetOne(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("kube config");
        Files.writeString(empty, "apiVersion: v1\nkind: Config\n");

        Result result = run("up", "--kubeconfig", empty.toString(), "--http-port", "0", "--https-port", "off");

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains(empty + ") has no contexts, so it names no cluster to act on: start minikube"
                + " (`minikube start`)")
                .contains("`ingress-lab demo --empty`");
    }

    @Test
    void samplesListFollowsTheChaptersOrder() {
        Result result = run("samples", "list");

        assertThat(result.code).isZero();
        java.util.List<String> names = result.out.lines().skip(4).map(line -> line.split("\\s+")[0]).toList();
        assertThat(names).startsWith("services", "(mistake)", "(mistake)", "simple", "host", "path");
        assertThat(result.out).contains("samples/ch8/mistakes/simple-ingress-lowercase-kind.yaml")
                .contains("NAME       FILE");
    }
}
