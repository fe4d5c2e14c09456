package dev.ingresslab.cli;

import dev.ingresslab.core.PortChoice;
import dev.ingresslab.proxy.AccessLog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The proxy options of {@code serve}, {@code up} and {@code demo}: ports and the access log. */
final class ProxyOptions {

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "HTTP port (default: 80 when allowed, else 8080)")
    Integer httpPort;

    @Option(names = "--https-port", paramLabel = "PORT",
            description = "the HTTPS port redirects for TLS hosts name (default: 443 when allowed, else 8443)")
    Integer httpsPort;

    @Option(names = "--log", defaultValue = "text", paramLabel = "FORMAT", converter = LogConverter.class,
            description = "access log: text, json, or off (default: ${DEFAULT-VALUE})")
    LogChoice log;

    /** What {@code --log} says: a format, or none ({@code off}). */
    record LogChoice(AccessLog.Format format) {
    }

    /** Reads {@code --log}; picocli reports a wrong word as a usage error (exit code 2). */
    static final class LogConverter implements ITypeConverter<LogChoice> {
        @Override
        public LogChoice convert(String value) {
            return switch (value) {
                case "text" -> new LogChoice(AccessLog.Format.TEXT);
                case "json" -> new LogChoice(AccessLog.Format.JSON);
                case "off" -> new LogChoice(null);
                default -> throw new TypeConversionException("--log takes text, json or off, not " + value);
            };
        }
    }

    /** The access log format, or null for {@code off}. */
    AccessLog.Format logFormat() {
        return log.format();
    }

    PortChoice http() {
        return PortChoice.of(httpPort, 80, 8080, "HTTP");
    }

    PortChoice https() {
        return PortChoice.of(httpsPort, 443, 8443, "HTTPS");
    }
}
