package dev.ingresslab.cli;

import picocli.CommandLine;

/**
 * Turns a failure into a message and an exit code: a {@link CommandFailure} into {@code ingress-lab COMMAND: message}
 * and its code; anything else, unexpected, into one line and exit code 1. {@code INGRESS_LAB_DEBUG=1} shows the
 * stack trace.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine command, CommandLine.ParseResult parseResult) {
        if (error instanceof CommandFailure failure) {
            command.getErr().println("ingress-lab " + command.getCommandName() + ": " + failure.getMessage());
            command.getErr().flush();
            return failure.exitCode();
        }
        command.getErr().println("ingress-lab: internal error: " + error
                + "\n  this is a bug in Ingress Lab; run again with INGRESS_LAB_DEBUG=1 to see where, and report it");
        if (System.getenv("INGRESS_LAB_DEBUG") != null) {
            error.printStackTrace(command.getErr());
        }
        return ExitCodes.FAILURE;
    }
}
