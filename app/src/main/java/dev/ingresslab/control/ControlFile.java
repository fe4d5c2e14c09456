package dev.ingresslab.control;

import java.time.Instant;
import java.util.Objects;

/**
 * What a running Ingress Lab ({@code demo}, {@code up}, {@code serve}) writes to the data directory so that the
 * other commands can reach its control endpoint: one JSON file per instance, {@code run/control/PID-PORT.json},
 * owner-only (0600) and written atomically, removed when the instance stops.
 *
 * @param pid          the instance's process id
 * @param processStart when that process started, as the operating system says ({@link ProcessHandle.Info}); with
 *                     the pid it tells a live instance from a later program that was given the same pid. Null
 *                     when the system does not say.
 * @param port         the control endpoint's port on 127.0.0.1
 * @param token        the bearer token every request must carry ({@code Authorization: Bearer …}): 32 random
 *                     bytes, base64url
 * @param command      the command that runs it: {@code demo}, {@code up} or {@code serve}
 * @param httpPort     the proxy's HTTP port (0 before it listens): how users name an instance
 * @param what         the instance in words, for lists and messages: {@code demo on port 8080}
 * @param since        when it started
 */
public record ControlFile(long pid, Instant processStart, int port, String token, String command, int httpPort,
                          String what, Instant since) {

    public ControlFile {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(since, "since");
    }

    /** {@code demo on port 8080 (pid 4242)}: how messages name the instance. */
    public String display() {
        return what + " (pid " + pid + ")";
    }

    /** This file without its token: what the endpoint tells about itself and {@code instances -o json} prints. */
    public Instance withoutToken() {
        return new Instance(pid, command, httpPort, what, since, port);
    }

    /**
     * A running instance as listed to users: never its token.
     *
     * @param pid         process id
     * @param command     demo, up or serve
     * @param httpPort    the proxy's HTTP port
     * @param what        in words
     * @param since       when it started
     * @param controlPort the control endpoint's port on 127.0.0.1
     */
    public record Instance(long pid, String command, int httpPort, String what, Instant since, int controlPort) {
    }
}
