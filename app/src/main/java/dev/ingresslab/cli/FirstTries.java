package dev.ingresslab.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.List;

/**
 * Answers a command line picocli cannot use (exit code 2) as it does, with picocli's message and the command's
 * usage, and, for a newcomer's natural first tries, first says in one line what to type instead: {@code serve} or
 * {@code explain} without manifests, {@code explain} without a URL, {@code samples} alone.
 */
final class FirstTries implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(error.getMessage());
        String hint = hint(command.getCommandName(), error);
        if (hint != null) {
            err.println("hint: " + hint);
        }
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(error, err)) {
            command.usage(err, command.getColorScheme());
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** What to do instead, for the first tries this class knows; null for the others. */
    static String hint(String commandName, ParameterException error) {
        List<String> missing = error instanceof CommandLine.MissingParameterException missingParameters
                ? missingParameters.getMissing().stream().map(arg -> arg.isOption()
                        ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel()).toList()
                : List.of();
        boolean noFiles = missing.contains("--filename");
        return switch (commandName) {
            case "serve" -> noFiles ? "serve runs the proxy on manifest files you give with -f: Ingresses,"
                    + " Services and EndpointSlices whose addresses answer from this machine, as in"
                    + " `ingress-lab serve -f my-manifests/`. For the chapter's samples with running pods, run"
                    + " `ingress-lab demo`." : null;
            case "explain" -> missing.contains("URL") ? "give the URLs to explain, with their scheme and host, as in"
                    + " `ingress-lab explain -f samples/ch8/ http://alpaca.example.com/` (the Host header to send"
                    + " goes in the URL, or in -H 'Host: …'); explain routes by the manifests you give with -f, or,"
                    + " without -f, by the routes in force in the running Ingress Lab" : null;
            case "samples" -> error.getMessage().startsWith("Missing required subcommand")
                    ? "`ingress-lab samples list` shows the chapter's steps in its order; deploy and delete take"
                    + " them to a cluster" : null;
            default -> null;
        };
    }
}
