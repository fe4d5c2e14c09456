package dev.ingresslab.cluster;

import dev.ingresslab.translate.Diagnostic;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Turns translation findings into Kubernetes Events on their Ingress, so {@code kubectl describe ingress} shows
 * them, and keeps those Events true of the present:
 * <ul>
 * <li>a finding is recorded once while it lasts (again if it goes away and comes back);</li>
 * <li>a finding that usually passes by itself ({@link #SETTLING}: {@code NoReadyEndpoints} while pods start) is
 * recorded only once it has lasted {@link #SETTLE}; until then it is pending, and gone without a trace if it
 * passes;</li>
 * <li>a Warning recorded for a finding that is gone (a {@code RouteConflict} whose rival was deleted, a Service that
 * now exists) is withdrawn: its Event is deleted, and a Normal Event {@code <Reason>Resolved} says so, as the
 * {@code resolved} listener is told.</li>
 * </ul>
 * At most {@link #MAX_PER_MINUTE} Events are written a minute, so a broken cluster cannot be flooded by us. Events
 * as in the Kubernetes API ({@code core/v1 Event}: involvedObject, type Normal or Warning, reason, message).
 */
public final class EventRecorder {

    public static final int MAX_PER_MINUTE = 60;
    static final String COMPONENT = "ingress-lab";
    /** Findings that pass by themselves while a cluster settles (pods starting after a Deployment is applied). */
    static final Set<String> SETTLING = Set.of("NoReadyEndpoints");
    /** How long a {@link #SETTLING} finding must last before it is recorded. */
    public static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final String controllerName;
    private final Clock clock;
    private final Consumer<String> problems;
    private final java.time.Duration settle;
    /** The Events we recorded for findings that last, by finding: withdrawn when the finding goes. */
    private final Map<String, Recorded> active = new HashMap<>();
    /** When each pending {@link #SETTLING} finding was first seen. */
    private final Map<String, Instant> pending = new HashMap<>();
    private long windowStart;
    private int writtenInWindow;
    private long dropped;

    private record Recorded(Diagnostic diagnostic, String eventName) {
    }

    /** @param problems told when an Event cannot be written or withdrawn (one line, with what to do) */
    public EventRecorder(KubernetesClient client, String controllerName, Clock clock, Consumer<String> problems) {
        this(client, controllerName, clock, problems, SETTLE);
    }

    /**
     * With another settling time than {@link #SETTLE}: how long a {@link #SETTLING} finding must last before it is
     * recorded (positive). For tests that watch the real wait without spending the product's 10 s on it.
     */
    EventRecorder(KubernetesClient client, String controllerName, Clock clock, Consumer<String> problems,
            java.time.Duration settle) {
        if (settle.isNegative() || settle.isZero()) {
            throw new IllegalArgumentException("the settling time must be positive, not " + settle);
        }
        this.client = client;
        this.controllerName = controllerName;
        this.clock = clock;
        this.problems = problems;
        this.settle = settle;
    }

    /**
     * Records the findings of one translation; called on the controller's thread, one translation at a time. Findings
     * are written only on the {@code ingresses} given: the caller passes ours alone ({@code OurIngresses}), never an
     * Ingress of another controller's class.
     *
     * @return how long until a pending finding is due, if one is: call again then (with the findings of that time)
     *         so that it is recorded if it still holds, although nothing else changed
     */
    public java.util.Optional<java.time.Duration> record(List<Diagnostic> diagnostics, List<Ingress> ingresses) {
        Map<String, Ingress> byName = new HashMap<>();
        ingresses.forEach(i -> byName.put(namespaceOf(i) + "/" + i.getMetadata().getName(), i));
        Instant now = clock.instant();
        Map<String, Diagnostic> current = new HashMap<>();
        Instant nextDue = null;
        for (Diagnostic diagnostic : diagnostics) {
            // the kind too: an HTTPRoute's finding worded as its Ingress's must not keep the Ingress's Warning alive
            String key = diagnostic.kind() + "\n" + diagnostic.objectName() + "\n" + diagnostic.reason() + "\n"
                    + diagnostic.field() + "\n" + diagnostic.message();
            current.put(key, diagnostic);
            // Events go on Ingresses only: an HTTPRoute's finding must not land on the Ingress it was converted from
            Ingress ingress = "Ingress".equals(diagnostic.kind()) ? byName.get(diagnostic.objectName()) : null;
            if (ingress == null || active.containsKey(key)) {
                continue;
            }
            if (SETTLING.contains(diagnostic.reason())) {
                Instant due = pending.computeIfAbsent(key, k -> now).plus(settle);
                if (now.isBefore(due)) {
                    nextDue = nextDue == null || due.isBefore(nextDue) ? due : nextDue;
                    continue;
                }
            }
            String eventName = write(diagnostic, ingress, diagnostic.reason(), diagnostic.severity(),
                    diagnostic.message());
            if (eventName != null) {
                active.put(key, new Recorded(diagnostic, eventName));
                pending.remove(key);
            }
        }
        pending.keySet().retainAll(current.keySet()); // passed before it was due: never recorded
        for (var gone : active.entrySet().stream().filter(entry -> !current.containsKey(entry.getKey())).toList()) {
            active.remove(gone.getKey());
            withdraw(gone.getValue(), byName.get(gone.getValue().diagnostic().objectName()));
        }
        return nextDue == null ? java.util.Optional.empty()
                : java.util.Optional.of(java.time.Duration.between(now, nextDue));
    }

    /** Deletes a Warning whose finding is gone and says it is resolved; nothing to say when the Ingress is gone. */
    private void withdraw(Recorded recorded, Ingress ingress) {
        Diagnostic diagnostic = recorded.diagnostic();
        if (diagnostic.severity() != Diagnostic.Severity.WARNING) {
            return;
        }
        try {
            client.v1().events().inNamespace(diagnostic.namespace()).withName(recorded.eventName()).delete();
        } catch (KubernetesClientException e) {
            problems.accept("cannot withdraw the Event " + recorded.eventName() + " on Ingress "
                    + diagnostic.objectName() + ": " + ClusterErrors.describe(e));
        }
        if (ingress == null) {
            return;
        }
        write(diagnostic, ingress, diagnostic.reason() + "Resolved", Diagnostic.Severity.INFO,
                "resolved: " + diagnostic.message());
    }

    /** Events not written because of the rate limit. */
    public long dropped() {
        return dropped;
    }

    /** Writes one Event; returns its name, or null when it was not written (rate limit, or the API refused). */
    private String write(Diagnostic diagnostic, Ingress ingress, String reason, Diagnostic.Severity severity,
                         String text) {
        long minute = clock.millis() / 60_000;
        if (minute != windowStart) {
            windowStart = minute;
            writtenInWindow = 0;
        }
        if (writtenInWindow >= MAX_PER_MINUTE) {
            dropped++;
            return null;
        }
        writtenInWindow++;
        String now = Instant.now(clock).toString();
        String message = (diagnostic.field().isEmpty() ? "" : diagnostic.field() + ": ") + text;
        String name = diagnostic.name() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try {
            client.v1().events().inNamespace(diagnostic.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(name).endMetadata()
                    .withNewInvolvedObject().withApiVersion("networking.k8s.io/v1").withKind("Ingress")
                    .withNamespace(diagnostic.namespace()).withName(diagnostic.name())
                    .withUid(ingress.getMetadata().getUid()).endInvolvedObject()
                    .withType(severity == Diagnostic.Severity.WARNING ? "Warning" : "Normal")
                    .withReason(reason)
                    .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(controllerName).withReportingInstance(COMPONENT)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
            return name;
        } catch (KubernetesClientException e) {
            problems.accept("cannot record an Event on Ingress " + diagnostic.objectName() + ": "
                    + ClusterErrors.describe(e));
            return null;
        }
    }

    private static String namespaceOf(Ingress ingress) {
        String namespace = ingress.getMetadata().getNamespace();
        return namespace == null ? "default" : namespace;
    }
}
