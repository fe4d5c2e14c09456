package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --http-port} and {@code --https-port} of {@code demo}, {@code serve} and {@code up}: a port out of range is
 * a usage error (exit 2) saying what the option takes, as picocli says it, before anything starts; never an
 * "internal error".
 */
class ProxyPortOptionsTest {

    @Test
    void anHttpPortOutOfRangeIsAUsageErrorOfEveryCommandThatServes() {
        String[][] runs = {
                {"demo", "--headless", "--http-port", "70000"},
                {"demo", "--headless", "--http-port", "-1"},
                {"serve", "-f", "no-such-folder/", "--http-port", "70000"},
                {"up", "--kubeconfig", "/no/such/kubeconfig", "--http-port", "65536"},
        };
        for (String[] args : runs) {
            CliRun.Result result = CliRun.run(args);
            String value = args[args.length - 1];
            assertThat(result.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(result.err()).as(String.join(" ", args))
                    .contains("Invalid value for option '--http-port': --http-port takes a port from 0 to 65535"
                            + " (0: any free one), not " + value)
                    .contains("Usage: ingress-lab " + args[0])
                    .doesNotContain("internal error");
        }
    }

    @Test
    void aWordIsNotAPortEither() {
        CliRun.Result result = CliRun.run("demo", "--headless", "--http-port", "abc");

        assertThat(result.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("--http-port takes a port from 0 to 65535 (0: any free one), not abc");
    }
}
