package dev.ingresslab.cli;

import picocli.CommandLine;

/**
 * Turns an unexpected failure into one line and exit code 1. Expected failures (bad manifests, bad URLs) are
 * handled by the commands with exit code 2. {@code INGRESS_LAB_DEBUG=1} shows the stack trace.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine command, CommandLine.ParseResult parseResult) {
        command.getErr().println("ingress-lab: internal error: " + error
                + "\n  this is a bug in Ingress Lab; run again with INGRESS_LAB_DEBUG=1 to see where, and report it");
        if (System.getenv("INGRESS_LAB_DEBUG") != null) {
            error.printStackTrace(command.getErr());
        }
        return 1;
    }
}
