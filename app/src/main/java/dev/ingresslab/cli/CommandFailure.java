package dev.ingresslab.cli;

/**
 * An expected failure of a command, with its {@link ExitCodes exit code}: {@link FriendlyErrors} prints {@code
 * ingress-lab COMMAND: message} on standard error and exits with the code. Throw it from {@code call()} rather than
 * printing and returning a code by hand; the message says what to do next.
 */
final class CommandFailure extends Exception {

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** Bad input (exit code 2). */
    static CommandFailure badInput(String message) {
        return new CommandFailure(ExitCodes.BAD_INPUT, message);
    }

    /** Could not be done (exit code 1). */
    static CommandFailure failed(String message) {
        return new CommandFailure(ExitCodes.FAILURE, message);
    }
}
