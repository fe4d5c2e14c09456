package dev.ingresslab.hosts;

import java.util.List;

/**
 * What the hosts file says about one name: whether the managed block maps it, and which other lines do.
 *
 * @param name      the name
 * @param inBlock   whether the managed block maps it (to 127.0.0.1 and ::1)
 * @param elsewhere the lines outside the block that map it, in file order
 */
public record HostsStatus(HostName name, boolean inBlock, List<Mapping> elsewhere) {
    /** The three states a pane or {@code hosts status} shows. */
    public enum State {
        /** Only the managed block maps the name: it reaches Ingress Lab. */
        IN_BLOCK,
        /** Another line maps the name (the block may too); see {@link #elsewhere()} and {@link #effective()}. */
        ELSEWHERE,
        /** Nothing in the hosts file maps the name. */
        ABSENT
    }

    public HostsStatus {
        elsewhere = List.copyOf(elsewhere);
    }

    /** The state, for a badge. */
    public State state() {
        if (!elsewhere.isEmpty()) {
            return State.ELSEWHERE;
        }
        return inBlock ? State.IN_BLOCK : State.ABSENT;
    }

    /**
     * The line that decides where the name resolves (the first mapping in the file), or null when the block does
     * or nothing maps it.
     */
    public Mapping effective() {
        for (Mapping m : elsewhere) {
            if (m.beforeBlock() || !inBlock) {
                return m;
            }
        }
        return null;
    }

    /** Whether a resolver reading the file sends the name to Ingress Lab's listeners (127.0.0.1 or ::1). */
    public boolean reachesIngressLab() {
        Mapping decisive = effective();
        return decisive == null ? inBlock : decisive.pointsToListeners();
    }

    /** One line for people: {@code alpaca.example.com: in the block}, or who else maps it. */
    public String describe() {
        Mapping decisive = effective();
        String head = name.value() + ": ";
        if (decisive == null) {
            return head + (inBlock ? "in the Ingress Lab block (127.0.0.1, ::1)" : "not in the hosts file");
        }
        String where = "line " + decisive.line() + " maps it to " + decisive.address();
        if (decisive.pointsToListeners()) {
            return head + where + " (where Ingress Lab listens)";
        }
        return head + where + (decisive.isLoopback() ? ", a loopback address Ingress Lab does not listen on" : "")
                + ", so it does not reach Ingress Lab; edit that line by hand (Ingress Lab never changes lines "
                + "outside its block)";
    }
}
