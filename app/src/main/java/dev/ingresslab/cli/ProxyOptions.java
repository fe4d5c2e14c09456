package dev.ingresslab.cli;

import dev.ingresslab.core.PortChoice;
import dev.ingresslab.proxy.AccessLog;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The proxy options of {@code serve} and {@code up}: ports and the access log. */
final class ProxyOptions {

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "HTTP port (default: 80 when allowed, else 8080)")
    Integer httpPort;

    @Option(names = "--https-port", paramLabel = "PORT",
            description = "the HTTPS port redirects for TLS hosts name (default: 443 when allowed, else 8443)")
    Integer httpsPort;

    @Option(names = "--log", defaultValue = "text", paramLabel = "FORMAT",
            description = "access log: text, json, or off (default: ${DEFAULT-VALUE})")
    String log;

    /**
     * The access log format, or null for {@code off}.
     *
     * @throws IllegalArgumentException for another word, with what is accepted
     */
    AccessLog.Format logFormat() {
        if (log.equals("off")) {
            return null;
        }
        try {
            return AccessLog.Format.valueOf(log.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--log takes text, json or off, not " + log, e);
        }
    }

    PortChoice http() {
        return PortChoice.of(httpPort, 80, 8080, "HTTP");
    }

    PortChoice https() {
        return PortChoice.of(httpsPort, 443, 8443, "HTTPS");
    }
}
