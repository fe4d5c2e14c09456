package dev.ingresslab.core;

import dev.ingresslab.translate.Translation;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a session's events say about its state, kept as they are published (on whichever thread), so that {@link
 * LabSession#current()} never has to ask anyone: the translation in force, the life of the session, the connector
 * chosen, the leadership, since when the API server is away.
 */
final class SessionState {

    /**
     * One state.
     *
     * @param translation       the last translation applied, or null before the first
     * @param disconnectedSince when the API server stopped answering, or null while it answers
     */
    record Now(Translation translation, SessionSnapshot.State lifecycle, String connector, boolean leader,
               Instant disconnectedSince) {
    }

    private Now now = new Now(null, SessionSnapshot.State.STARTING, "", false, null);
    private Consumer<Now> changed = state -> { };

    /** The state after the event; says it to the listener set by {@link #onChange}. */
    synchronized void apply(SessionEvent event) {
        Now next = now;
        if (event instanceof SessionEvent.RoutesApplied applied) {
            next = new Now(applied.translation(), next.lifecycle(), next.connector(), next.leader(),
                    next.disconnectedSince());
        } else if (event instanceof SessionEvent.ConnectionChanged connection) {
            next = new Now(next.translation(), connection.connected() ? SessionSnapshot.State.RUNNING
                    : SessionSnapshot.State.DISCONNECTED, next.connector(), next.leader(),
                    connection.connected() ? null : connection.disconnectedSince());
        } else if (event instanceof SessionEvent.LeadershipChanged leadership) {
            next = new Now(next.translation(), next.lifecycle(), next.connector(), leadership.held(),
                    next.disconnectedSince());
        } else if (event instanceof SessionEvent.ConnectorChosen chosen) {
            next = new Now(next.translation(), next.lifecycle(), chosen.connector(), next.leader(),
                    next.disconnectedSince());
        }
        if (next != now) {
            now = next;
            changed.accept(now);
        }
    }

    /** The session started: it runs (unless the API server went away meanwhile). */
    synchronized void running() {
        if (now.lifecycle() == SessionSnapshot.State.STARTING) {
            now = new Now(now.translation(), SessionSnapshot.State.RUNNING, now.connector(), now.leader(),
                    now.disconnectedSince());
        }
        changed.accept(now);
    }

    /** The session closed. */
    synchronized void closed() {
        now = new Now(now.translation(), SessionSnapshot.State.CLOSED, now.connector(), false, null);
        changed.accept(now);
    }

    /** Hears every change from now on (and the state now, at once), under this object's lock: keep it short. */
    synchronized void onChange(Consumer<Now> listener) {
        changed = listener;
        listener.accept(now);
    }
}
