package dev.ingresslab.cli;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.LinePrinter;
import dev.ingresslab.core.SessionStartException;
import dev.ingresslab.manifest.ManifestProblem;
import dev.ingresslab.proxy.AccessLog;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * How the commands that run a {@link LabSession} ({@code up}, {@code demo}, {@code serve}) print it: its events as
 * lines ({@link LinePrinter}) on standard output from the start, the start's events all printed before the command's
 * own next line, the access log, and a failed start on standard error with its exit code.
 */
final class SessionOutput {

    /** How long a command waits for the start's events to be printed before its own next line. */
    private static final Duration PRINTED = Duration.ofSeconds(10);

    private SessionOutput() {
    }

    /** Waits until the events of the start are printed (the printer runs on its own thread). */
    static void awaitPrinted(LabSession session) throws InterruptedException {
        if (session.initialSubscription().isPresent()) {
            session.initialSubscription().get().awaitDelivered(PRINTED);
        }
    }

    /** Prints each request to {@code out} in the format, when there is one. */
    static void accessLog(LabSession session, AccessLog.Format format, PrintStream out) {
        if (format != null) {
            session.journal().each(new AccessLog(out, format));
        }
    }

    /**
     * Says why the start failed, as {@code ingress-lab COMMAND: message} (and the manifests' problems, one each), and
     * returns the exit code.
     */
    static int failed(String command, SessionStartException e, PrintWriter err) {
        err.println("ingress-lab " + command + ": " + e.getMessage());
        e.problems().stream().map(ManifestProblem::display).forEach(err::println);
        return e.reason() == SessionStartException.Reason.CLUSTER_UNAVAILABLE ? UpCommand.CLUSTER_UNAVAILABLE
                : ExitCodes.BAD_INPUT;
    }
}
