package dev.ingresslab.cli;

import dev.ingresslab.core.LocalHttps;
import dev.ingresslab.core.PortChoice;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.AccessLog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The proxy options of {@code serve}, {@code up} and {@code demo}: ports and the access log. */
final class ProxyOptions {

    @Option(names = "--http-port", paramLabel = "PORT", converter = HttpPortConverter.class,
            description = "HTTP port (default: 80 when allowed, else 8080)")
    Integer httpPort;

    @Option(names = "--https-port", paramLabel = "PORT", converter = HttpsPortConverter.class,
            description = "HTTPS port, or off for no HTTPS listener (default: 443 when allowed, else 8443)")
    HttpsPort httpsPort;

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

    /** Reads {@code --http-port}; picocli reports a wrong value as a usage error (exit code 2), not a bug. */
    static final class HttpPortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("--http-port takes a port from 0 to 65535 (0: any free one), not "
                    + value);
        }
    }

    /** What {@code --https-port} says: a port (0: any free one), or no HTTPS listener ({@code off}: port null). */
    record HttpsPort(Integer port) {
    }

    /** Reads {@code --https-port}; picocli reports a wrong value as a usage error (exit code 2). */
    static final class HttpsPortConverter implements ITypeConverter<HttpsPort> {
        @Override
        public HttpsPort convert(String value) {
            if (value.equals("off")) {
                return new HttpsPort(null);
            }
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return new HttpsPort(port);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("--https-port takes a port from 0 to 65535 (0: any free one) or off,"
                    + " not " + value);
        }
    }

    /** The access log format, or null for {@code off}. */
    AccessLog.Format logFormat() {
        return log.format();
    }

    PortChoice http() {
        return PortChoice.of(httpPort, 80, 8080, "HTTP");
    }

    /** The HTTPS port, or empty with {@code --https-port off}. */
    java.util.Optional<PortChoice> https() {
        if (httpsPort != null && httpsPort.port() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(PortChoice.of(httpsPort == null ? null : httpsPort.port(), 443, 8443,
                "HTTPS"));
    }

    /**
     * The proxy's listeners as these options choose them, over {@code base}: the HTTP port and, unless {@code
     * --https-port off}, the HTTPS listener with the local CA of {@code dataDirectory}, loaded or made while the
     * session starts ({@link LocalHttps#whileStarting}: a CA that cannot be used fails the session's start, its
     * message saying what to do).
     */
    ProxySettings settings(ProxySettings base, java.nio.file.Path dataDirectory) {
        ProxySettings settings = base.withHttpPort(http().port());
        java.util.Optional<PortChoice> https = https();
        return https.isEmpty() ? settings : LocalHttps.whileStarting(settings, dataDirectory, https.get().port());
    }

    /**
     * The lines saying which ports were chosen and why, one per listener; a port 0 says nothing here (the session
     * names the port the OS chose once it listens), so this is null when both are 0.
     */
    String portNote() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(http().message());
        java.util.Optional<PortChoice> https = https();
        lines.add(https.isPresent() ? https.get().message()
                : "no HTTPS listener (--https-port off): TLS hosts are served on plain HTTP");
        lines.removeIf(java.util.Objects::isNull);
        return lines.isEmpty() ? null : String.join("\n", lines);
    }
}
