package dev.ingresslab.gui;

import dev.ingresslab.core.IngressEvent;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionEvent;
import dev.ingresslab.core.SessionSnapshot;
import dev.ingresslab.route.Conflict;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.route.IgnoredIngress;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Problems view's model, each line with its time and the Ingress it concerns:
 * <ul>
 * <li>the translation's findings (diagnostics such as a missing Service, conflicts lost, Ingresses ignored for
 *     their class), rebuilt with each snapshot; their time is when the window first saw them;</li>
 * <li>the cluster's Events about our Ingresses, read from the API server ({@link LabSession#ingressEvents}) every
 *     {@link #EVENTS_EVERY} and after each new route table, on a background worker (what the controller recorded,
 *     as {@code kubectl describe ingress} shows it, not re-derived here); Events about Ingresses of another class
 *     are left out;</li>
 * <li>what went wrong while running: the session's {@link SessionEvent.Problem}, {@link
 *     SessionEvent.ReloadRejected} and lost connections ({@link SessionEvent.ConnectionChanged}).</li>
 * </ul>
 * On the FX thread only.
 */
public final class ProblemsModel {

    /** How often the cluster's Events are read while a session on a cluster runs. */
    static final Duration EVENTS_EVERY = Duration.seconds(5);

    /**
     * One line of the Problems view.
     *
     * @param at       when it happened (an Event's last time; a finding's first sighting in this window)
     * @param severity {@code warning}, {@code info}, {@code lost}, {@code ignored}, {@code event} (the cluster's
     *                 Event: its type and reason are in the text) or {@code session} (what went wrong while running)
     * @param kind     the kind of the object it is about ({@code Ingress}, {@code HTTPRoute}, {@code Gateway}…);
     *                 empty when it concerns none. An HTTPRoute made by {@code convert} keeps its Ingress's name, so
     *                 the name alone does not say which object a line is about
     * @param ingress  the object it is about, {@code namespace/name}; empty when it concerns none
     * @param text     the problem and what to do
     */
    public record Problem(Instant at, String severity, String kind, String ingress, String text) {

        /**
         * The object as the rest of the product names it, kind first ({@code Ingress default/web}, {@code HTTPRoute
         * default/web}: {@code Origin.kindAndName}, {@code Diagnostic.kindAndName}); empty when it concerns none.
         */
        public String object() {
            return ingress.isEmpty() ? "" : kind + " " + ingress;
        }
    }

    private static final String INGRESS = "Ingress";

    private final SessionModel session;
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final List<Problem> happened = new ArrayList<>();
    /** When each finding (by severity, Ingress and text) was first seen; forgotten when it goes. */
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private List<IngressEvent> clusterEvents = List.of();
    private final Timeline poll = new Timeline(new KeyFrame(EVENTS_EVERY, tick -> readEvents()));
    private boolean reading;
    private SessionSnapshot last;

    public ProblemsModel(SessionModel session) {
        this.session = session;
        poll.setCycleCount(Timeline.INDEFINITE);
        session.snapshotProperty().addListener((observable, old, now) -> {
            last = now;
            if (now == null) {
                happened.clear();
                clusterEvents = List.of();
            }
            rebuild();
        });
        session.sessionProperty().addListener((observable, old, now) -> {
            if (now == null) {
                poll.stop();
            } else {
                readEvents();
                poll.playFromStart();
            }
        });
        session.onEvent(event -> {
            if (event instanceof SessionEvent.Problem || event instanceof SessionEvent.ReloadRejected
                    || event instanceof SessionEvent.ConnectionChanged changed && !changed.connected()) {
                happened.add(new Problem(event.at(), "session", "", "", event.text()));
                rebuild();
            } else if (event instanceof SessionEvent.RoutesApplied) {
                readEvents(); // the controller records its findings as it applies them
            }
        });
        last = session.snapshotProperty().get();
        rebuild();
    }

    /** The problems now: findings first (warnings before information), then Events and what happened, by time. */
    public ObservableList<Problem> problems() {
        return problems;
    }

    /** Reads the cluster's Events now (a background job), unless a read is under way. */
    void readEvents() {
        LabSession running = session.sessionProperty().get();
        if (running == null || reading) {
            return;
        }
        reading = true;
        FxThread.background(running::ingressEvents, events -> {
            reading = false;
            if (session.sessionProperty().get() == running) {
                clusterEvents = events;
                rebuild();
            }
        }, error -> reading = false); // the cluster bar says when the API server is gone; tried again next tick
    }

    private void rebuild() {
        List<Problem> findings = new ArrayList<>();
        List<Problem> timed = new ArrayList<>(happened);
        Set<String> notOurs = new HashSet<>();
        if (last != null) {
            for (Diagnostic diagnostic : last.diagnostics()) {
                // a RouteConflict warning is the same finding as its Conflict, listed once below as "lost"
                if (diagnostic.severity() == Diagnostic.Severity.WARNING
                        && !diagnostic.reason().equals(ROUTE_CONFLICT)) {
                    findings.add(of(diagnostic));
                }
            }
            for (Conflict conflict : last.conflicts()) {
                findings.add(finding("lost", conflict.loser().origin().kind(), conflict.loser().origin().objectName(),
                        conflict.loser().origin()
                        .displayWithKind() + " gets no traffic: " + conflict.winner().origin().displayWithKind() + " claims the same"
                        + " and wins (" + conflict.reason() + ")"));
            }
            for (IgnoredIngress ignored : last.ignored()) {
                findings.add(finding("ignored", INGRESS, ignored.objectName(), ignored.reason()));
                notOurs.add(ignored.objectName());
            }
            for (Diagnostic diagnostic : last.diagnostics()) {
                if (diagnostic.severity() != Diagnostic.Severity.WARNING) {
                    findings.add(of(diagnostic));
                }
            }
        }
        for (IngressEvent event : clusterEvents) {
            if (!notOurs.contains(event.ingress())) {
                timed.add(new Problem(event.at(), "event", INGRESS, event.ingress(), event.type() + " " + event.reason()
                        + ": " + event.message() + (event.count() > 1 ? " (" + event.count() + " times)" : "")
                        + (event.reporter().isEmpty() ? "" : " · from " + event.reporter())));
            }
        }
        timed.sort(java.util.Comparator.comparing(Problem::at));
        Set<String> present = new HashSet<>();
        findings.forEach(problem -> present.add(key(problem)));
        firstSeen.keySet().retainAll(present);
        List<Problem> now = new ArrayList<>(findings);
        now.addAll(timed);
        if (!problems.equals(now)) { // the Events are read every few seconds: the table is redrawn only on change
            problems.setAll(now);
        }
    }

    /**
     * The reason of the warning the translator gives each {@link Conflict}'s loser (IngressTranslator): the
     * "lost" entry says the same and names the winner, so the warning is not listed again.
     */
    static final String ROUTE_CONFLICT = "RouteConflict";

    private Problem of(Diagnostic diagnostic) {
        return finding(diagnostic.severity() == Diagnostic.Severity.WARNING ? "warning" : "info",
                diagnostic.kind(), diagnostic.objectName(), diagnostic.display());
    }

    /** A finding, timed by its first sighting. */
    private Problem finding(String severity, String kind, String object, String text) {
        Instant at = firstSeen.computeIfAbsent(severity + "\n" + kind + "\n" + object + "\n" + text,
                key -> Instant.now());
        return new Problem(at, severity, kind, object, text);
    }

    private static String key(Problem problem) {
        return problem.severity() + "\n" + problem.kind() + "\n" + problem.ingress() + "\n" + problem.text();
    }
}
