package dev.ingresslab.gui;

import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.route.Conflict;
import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.translate.Diagnostic;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The Problems view's model: the translation's findings (diagnostics such as a missing Service, conflicts lost,
 * Ingresses ignored for their class) rebuilt with each snapshot, then what went wrong while running (the
 * session's {@link SessionEvent.Problem} and {@link SessionEvent.ReloadRejected} events), newest last.
 */
public final class ProblemsModel {

    /**
     * One line of the Problems view.
     *
     * @param severity {@code warning}, {@code info}, {@code lost}, {@code ignored} or {@code event}
     * @param ingress  the Ingress it is about, {@code namespace/name}; empty when it concerns none
     * @param text     the problem and what to do
     */
    public record Problem(String severity, String ingress, String text) {
    }

    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final List<Problem> happened = new ArrayList<>();
    private SessionSnapshot last;

    public ProblemsModel(SessionModel session) {
        session.snapshotProperty().addListener((observable, old, now) -> {
            last = now;
            if (now == null) {
                happened.clear();
            }
            rebuild();
        });
        session.onEvent(event -> {
            if (event instanceof SessionEvent.Problem || event instanceof SessionEvent.ReloadRejected) {
                happened.add(new Problem("event", "", event.text()));
                rebuild();
            }
        });
        last = session.snapshotProperty().get();
        rebuild();
    }

    /** The problems now: findings first (warnings before information), then events in the order they happened. */
    public ObservableList<Problem> problems() {
        return problems;
    }

    private void rebuild() {
        List<Problem> now = new ArrayList<>();
        if (last != null) {
            for (Diagnostic diagnostic : last.diagnostics()) {
                // a RouteConflict warning is the same finding as its Conflict, listed once below as "lost"
                if (diagnostic.severity() == Diagnostic.Severity.WARNING
                        && !diagnostic.reason().equals(ROUTE_CONFLICT)) {
                    now.add(of(diagnostic));
                }
            }
            for (Conflict conflict : last.conflicts()) {
                now.add(new Problem("lost", conflict.loser().origin().objectName(), conflict.loser().origin()
                        .display() + " gets no traffic: " + conflict.winner().origin().display() + " claims the same"
                        + " and wins (" + conflict.reason() + ")"));
            }
            for (IgnoredIngress ignored : last.ignored()) {
                now.add(new Problem("ignored", ignored.objectName(), ignored.reason()));
            }
            for (Diagnostic diagnostic : last.diagnostics()) {
                if (diagnostic.severity() != Diagnostic.Severity.WARNING) {
                    now.add(of(diagnostic));
                }
            }
        }
        now.addAll(happened);
        problems.setAll(now);
    }

    /**
     * The reason of the warning the translator gives each {@link Conflict}'s loser (IngressTranslator): the
     * "lost" entry says the same and names the winner, so the warning is not listed again.
     */
    static final String ROUTE_CONFLICT = "RouteConflict";

    private static Problem of(Diagnostic diagnostic) {
        return new Problem(diagnostic.severity() == Diagnostic.Severity.WARNING ? "warning" : "info",
                diagnostic.objectName(), diagnostic.display());
    }
}
