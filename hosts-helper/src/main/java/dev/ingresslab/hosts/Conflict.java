package dev.ingresslab.hosts;

/**
 * A wanted name that a line outside the managed block maps too. Ingress Lab reports it and never touches the line.
 *
 * @param name    the wanted name
 * @param mapping the other line
 */
public record Conflict(HostName name, Mapping mapping) {
    /** Whether the other line, not the block, decides where the name resolves, and sends it away from Ingress Lab. */
    public boolean blocksIngressLab() {
        return mapping.shadowsBlock();
    }

    /** One line for people, saying what the other line does and what to do. */
    public String message() {
        String where = name.value() + " is also mapped by line " + mapping.line() + " (\"" + mapping.display()
                + "\")";
        if (blocksIngressLab()) {
            return where + ", which comes first and sends it to " + mapping.address()
                    + (mapping.isLoopback() ? " (a loopback address Ingress Lab does not listen on)" : "")
                    + ", so the name does not reach Ingress Lab: edit or remove that line by hand";
        }
        if (mapping.pointsToListeners()) {
            return where + " to " + mapping.address() + " too: harmless, Ingress Lab leaves it as it is";
        }
        return where + " to " + mapping.address() + ", after the block, so the block wins; Ingress Lab leaves the "
                + "line as it is";
    }
}
