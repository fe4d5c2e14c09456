package dev.ingresslab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The check of a path option naming a file a command will write ({@code --hosts-file} of {@code hosts}, {@code up}
 * and {@code demo}; {@code --har} of {@code requests}), made before anything else runs, so that a typo in a folder
 * name is bad input (exit 2) said at once, not a failure found after a session started or a request log was
 * fetched. Each message says what is wrong and what to give instead.
 *
 * @param option   the option, as the user typed it: {@code --hosts-file}
 * @param elevated whether the command gets administrator rights itself when the folder is not writable (the hosts
 *                 file: {@code /etc} is not writable by the user, and the hosts helper is run with sudo or pkexec),
 *                 so a folder without write permission is not a problem for it
 */
record FileToWrite(String option, boolean elevated) {

    /** {@code --hosts-file}: its folder must exist; writing into it may ask for rights. */
    static final FileToWrite HOSTS_FILE = new FileToWrite("--hosts-file", true);
    /** {@code requests --har}: its folder must exist and be writable by the user. */
    static final FileToWrite HAR = new FileToWrite("--har", false);

    /**
     * What is wrong with {@code path} as a file to write; empty when it can be written (or, for an {@link #elevated}
     * option, written with rights).
     *
     * @param path the path as given (relative to the working directory, or absolute)
     * @return one sentence: what is wrong, and what to give instead
     */
    Optional<String> problem(Path path) {
        if (Files.isDirectory(path)) {
            return Optional.of(path + " is a folder, not a file: give " + option + " the path of the file itself");
        }
        Path folder = path.toAbsolutePath().getParent();
        if (folder == null) {
            return Optional.empty(); // the root of the file system: a folder, said above
        }
        if (!Files.exists(folder)) {
            return Optional.of("the folder of " + path + " (" + folder + ") does not exist: create it first, or"
                    + " give " + option + " a path in an existing folder");
        }
        if (!Files.isDirectory(folder)) {
            return Optional.of(folder + " is a file, not a folder, so " + path + " cannot be made in it: give "
                    + option + " a path in a folder");
        }
        if (!elevated && !Files.isWritable(folder)) {
            return Optional.of("cannot write in " + folder + " (no write permission for this user): give " + option
                    + " a path in a folder you can write");
        }
        return Optional.empty();
    }

    /**
     * Throws the problem, if any, as bad input (exit 2: {@code ingress-lab COMMAND: …}, by {@link FriendlyErrors}).
     *
     * @param path the path given, or null when the option was not given (nothing to check: its default is the
     *             system's own)
     */
    void check(Path path) throws CommandFailure {
        if (path != null) {
            Optional<String> problem = problem(path);
            if (problem.isPresent()) {
                throw CommandFailure.badInput(problem.get());
            }
        }
    }
}
