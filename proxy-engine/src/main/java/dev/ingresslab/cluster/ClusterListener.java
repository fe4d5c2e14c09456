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
     * The cluster's objects could not be translated (a bug, or objects too big for this JVM): the last table stays
     * in force, and the next change is tried as usual. By default, said on standard error.
     */
    default void failed(Throwable problem) {
        System.err.println("ingress-lab: the cluster's objects cannot be translated; still serving the previous"
                + " routes: " + problem);
    }

    /**
     * The API server stopped answering watches ({@code connected} false, since when), or answers again. The proxy
     * keeps serving the last table meanwhile.
     */
    default void connection(boolean connected, Instant since) {
    }

    /**
     * Something the user should know once, at the start, that is not a failure: the Gateway API's CRDs are not
     * installed (Ingresses are served, HTTPRoutes are not), with how to install them. By default, said on standard
     * error.
     */
    default void notice(String text) {
        System.err.println("ingress-lab: " + text);
    }
}
