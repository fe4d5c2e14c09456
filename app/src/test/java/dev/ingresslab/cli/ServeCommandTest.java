package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The ways {@code serve} refuses to start, each with exit code 2 and what to do. */
class ServeCommandTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void brokenManifestsAreExitCode2() {
        String[] result = run("serve", "-f", "../samples/ch8/mistakes/simple-ingress-spec-service.yaml",
                "--http-port", "0", "--https-port", "off");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).contains("strict decoding error: unknown field \"spec.service\"");
    }

    @Test
    void aPortInUseIsExitCode2WithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String[] result = run("serve", "-f", "../samples/ch8/host-ingress.yaml", "--http-port",
                    String.valueOf(taken.getLocalPort()), "--https-port", "off");

            assertThat(result[0]).isEqualTo("2");
            assertThat(result[1]).contains("port " + taken.getLocalPort() + " of 127.0.0.1 is in use by another"
                    + " program")
                    .contains("choose another port with --http-port");
        }
    }

    @Test
    void anUnknownLogFormatIsExitCode2() {
        String[] result = run("serve", "-f", "../samples/ch8/host-ingress.yaml", "--log", "xml");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).contains("--log takes text, json or off");
    }
}
