package dev.ingresslab.hosts;

/**
 * The hosts file's managed block is damaged (a marker missing, doubled or edited), so Ingress Lab cannot tell what
 * it owns and changes nothing. The message names the line and says how to repair the file by hand
 * (docs/hosts.md, "Removing the block by hand").
 */
public final class MalformedHostsFile extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param line    the 1-based line of the file the problem is on
     * @param problem what is wrong there
     */
    public MalformedHostsFile(int line, String problem) {
        super("line " + line + ": " + problem + "; Ingress Lab changes nothing until the markers are repaired: "
                + "keep both lines \"" + HostsFile.BEGIN_MARKER + "\" and \"" + HostsFile.END_MARKER
                + "\" around the block, or delete the block with both markers (docs/hosts.md)");
        this.line = line;
    }

    /** The 1-based line the problem is on. */
    public int line() {
        return line;
    }
}
