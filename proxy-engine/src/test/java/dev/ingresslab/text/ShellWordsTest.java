package dev.ingresslab.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every printed word comes back unchanged from a real {@code bash -c} and {@code sh -c}. */
class ShellWordsTest {

    private static final List<String> NASTY = List.of(
            "/Users/ann/Library/Application Support/Ingress Lab/sandbox/kubeconfig",
            "it's", "say \"hi\"", "$HOME", "${HOME}", "`id`", "$(id)", "a\nb", "tab\there", "*", "?", "[a]",
            "~", "~/x", "a;b", "a|b", "a&b", "a>b", "<", "!", "#comment", "=ls", "{a,b}", "\\", "''", "'",
            "", " ", "back\\slash", "ünïcödé dir", "-f", "trailing ");

    @Test
    void plainWordsStayBare() {
        assertThat(ShellWords.quote("samples/ch8/host-ingress.yaml")).isEqualTo("samples/ch8/host-ingress.yaml");
        assertThat(ShellWords.quote("/home/ann/.local/share/ingress-lab/sandbox/kubeconfig"))
                .isEqualTo("/home/ann/.local/share/ingress-lab/sandbox/kubeconfig");
        assertThat(ShellWords.quote("kubernetes.io/service-name=alpaca")).isEqualTo("kubernetes.io/service-name=alpaca");
        assertThat(ShellWords.command("kubectl", "get", "ingress")).isEqualTo("kubectl get ingress");
    }

    @Test
    void otherWordsAreSingleQuoted() {
        assertThat(ShellWords.quote("/a/Application Support/k")).isEqualTo("'/a/Application Support/k'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
        assertThat(ShellWords.export("KUBECONFIG", "/a b/k")).isEqualTo("export KUBECONFIG='/a b/k'");
    }

    @Test
    void aVariableNameIsChecked() {
        assertThatThrownBy(() -> ShellWords.export("KUBE CONFIG", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a shell variable name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/bash", "/bin/sh"})
    void wordsRoundTripThroughTheShell(String shell) throws Exception {
        // printf prints each argument it receives followed by a NUL: the words as the program would get them
        List<String> words = new ArrayList<>(List.of("printf", "%s\\0"));
        words.addAll(NASTY);
        String printed = run(shell, ShellWords.command(words));
        assertThat(printed.split("\0", -1)).containsExactlyElementsOf(withEmptyLast(NASTY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/bash", "/bin/sh"})
    void exportedValuesRoundTripThroughTheShell(String shell) throws Exception {
        for (String value : NASTY) {
            String printed = run(shell, ShellWords.export("KUBECONFIG", value) + "\nprintf %s \"$KUBECONFIG\"");
            assertThat(printed).as("export of %s", value).isEqualTo(value);
        }
    }

    private static List<String> withEmptyLast(List<String> words) {
        List<String> expected = new ArrayList<>(words);
        expected.add(""); // after the last NUL
        return expected;
    }

    private static String run(String shell, String script) throws Exception {
        assertThat(Files.isExecutable(Path.of(shell))).as(shell + " is needed for this test").isTrue();
        Process process = new ProcessBuilder(shell, "-c", script).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s -c %s", shell, script).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
