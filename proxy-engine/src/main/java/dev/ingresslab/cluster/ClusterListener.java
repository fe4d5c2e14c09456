package dev.ingresslab.cluster;

import dev.ingresslab.translate.Translation;

import java.time.Instant;

/** What the controller tells its owner (CLI, GUI), on the controller's own thread. */
public interface ClusterListener {

    /** A new translation is about to be swapped in (for choices that must precede its first request). */
    default void translated(Translation translation) {
    }

    /** A new translation is in force. */
    void applied(Translation translation);

    /**
     * The API server stopped answering watches ({@code connected} false, since when), or answers again. The proxy
     * keeps serving the last table meanwhile.
     */
    default void connection(boolean connected, Instant since) {
    }
}
