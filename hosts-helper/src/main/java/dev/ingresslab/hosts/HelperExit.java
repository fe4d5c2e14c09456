package dev.ingresslab.hosts;

/**
 * The exit codes of {@link HostsHelperMain}, from BSD's sysexits.h (the convention for small system tools, so that
 * a caller can tell "you asked wrongly" from "the system failed").
 */
public enum HelperExit {
    /** The file now has the wanted block (written, or already so). */
    OK(0, "done"),
    /** The arguments are wrong, or the path is not a hosts file (EX_USAGE). */
    USAGE(64, "wrong arguments"),
    /** The block on stdin was refused, or the hosts file's markers are damaged (EX_DATAERR). */
    DATA_REFUSED(65, "refused the input or the hosts file"),
    /** The hosts file's directory does not exist (EX_NOINPUT). */
    NO_FILE(66, "no such hosts file or directory"),
    /** The new content would have changed bytes outside the block: an Ingress Lab bug, nothing written (EX_SOFTWARE). */
    INTERNAL(70, "internal check failed"),
    /** Reading or writing failed (EX_IOERR). */
    IO_ERROR(74, "input/output error"),
    /** The file kept changing under another program (EX_TEMPFAIL): try again. */
    TRY_AGAIN(75, "the hosts file kept changing"),
    /** Not allowed to write the file: the helper was not run with administrator rights (EX_NOPERM). */
    NO_PERMISSION(77, "permission denied");

    private final int code;
    private final String meaning;

    HelperExit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }

    /** A few words on what it means. */
    public String meaning() {
        return meaning;
    }

    /** The exit for a code, or null when the code is not the helper's (the escalator's own failure). */
    public static HelperExit of(int code) {
        for (HelperExit exit : values()) {
            if (exit.code == code) {
                return exit;
            }
        }
        return null;
    }
}
