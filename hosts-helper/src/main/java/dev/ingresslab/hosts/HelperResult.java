package dev.ingresslab.hosts;

/**
 * How one run of the helper ended, as its escalator saw it.
 *
 * @param exitCode  the process's exit code (the helper's {@link HelperExit}, or the escalator's own: pkexec 126
 *                  when the dialog was dismissed, sudo 1 on a wrong password)
 * @param stdout    what it printed on stdout (the helper's one-line report)
 * @param stderr    what it printed on stderr (the helper's or the escalator's refusal)
 * @param cancelled whether the user dismissed the privilege prompt
 */
public record HelperResult(int exitCode, String stdout, String stderr, boolean cancelled) {
    /** Whether the helper ran and succeeded. */
    public boolean ok() {
        return exitCode == 0 && !cancelled;
    }

    /** The helper's exit, or null when the code is not one of the helper's. */
    public HelperExit exit() {
        return HelperExit.of(exitCode);
    }

    /** One line for people: the helper's report, or what went wrong. */
    public String message() {
        if (cancelled) {
            return "the privilege prompt was cancelled; the hosts file is unchanged";
        }
        String line = lastLine(ok() ? stdout : stderr);
        if (line.isEmpty()) {
            line = lastLine(ok() ? stderr : stdout);
        }
        if (line.isEmpty()) {
            HelperExit exit = exit();
            line = "the helper exited " + exitCode + (exit == null ? "" : " (" + exit.meaning() + ")");
        }
        return line;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }
}
