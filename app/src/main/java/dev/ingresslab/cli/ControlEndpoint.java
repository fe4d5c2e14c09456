package dev.ingresslab.cli;

import dev.ingresslab.control.ControlDirectory;
import dev.ingresslab.control.ControlServer;
import dev.ingresslab.core.LabSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens the control endpoint of a running {@code demo}, {@code up} or {@code serve} ({@link ControlServer}), so that
 * {@code routes}, {@code requests} and {@code explain} read its live state. Files left by instances that were
 * killed are removed first, each named. An endpoint that cannot open (a data directory that cannot be written) is
 * said in one line and the instance runs on without it: it is a convenience, never a reason not to serve.
 */
final class ControlEndpoint {

    private ControlEndpoint() {
    }

    /**
     * @param command  {@code demo}, {@code up} or {@code serve}
     * @param httpPort the proxy's HTTP port
     * @param session  the session in force (a demo's window may replace it)
     * @return the endpoint, to close when the instance stops; empty when it could not open (said on {@code out})
     */
    static Optional<ControlServer> open(Path dataDirectory, String command, int httpPort,
                                        Supplier<Optional<LabSession>> session, PrintStream out) {
        ControlDirectory directory = new ControlDirectory(dataDirectory);
        for (ControlDirectory.Stale stale : directory.scan().stale()) {
            try {
                directory.removeStale(stale);
                out.println("removed " + stale.file() + ": " + stale.reason());
            } catch (IOException e) {
                out.println("note: " + stale.message() + " (cannot remove it: " + e.getMessage() + ")");
            }
        }
        try {
            ControlServer server = ControlServer.open(directory, command, httpPort, session,
                    ExplainCommand::explainOn);
            out.println("`ingress-lab routes`, `requests` and `explain URL` read this " + command + " (pid "
                    + server.file().pid() + ")");
            return Optional.of(server);
        } catch (IOException | RuntimeException e) {
            out.println("note: `ingress-lab routes`, `requests` and `explain` cannot read this " + command + ": its"
                    + " control endpoint did not open (" + e.getMessage() + "); it serves all the same");
            return Optional.empty();
        }
    }
}
