package dev.ingresslab.cluster;

import dev.ingresslab.translate.Diagnostic;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Turns translation findings into Kubernetes Events on their Ingress, so {@code kubectl describe ingress} shows
 * them. A finding is recorded once while it lasts (again if it goes away and comes back), and at most
 * {@link #MAX_PER_MINUTE} Events are written a minute, so a broken cluster cannot be flooded by us.
 */
public final class EventRecorder {

    public static final int MAX_PER_MINUTE = 60;
    static final String COMPONENT = "ingress-lab";

    private final KubernetesClient client;
    private final String controllerName;
    private final Clock clock;
    private final Consumer<String> problems;
    private final Set<String> active = new HashSet<>();
    private long windowStart;
    private int writtenInWindow;
    private long dropped;

    public EventRecorder(KubernetesClient client, String controllerName, Clock clock, Consumer<String> problems) {
        this.client = client;
        this.controllerName = controllerName;
        this.clock = clock;
        this.problems = problems;
    }

    /** Records the findings of one translation; called on the controller's thread, one translation at a time. */
    public void record(List<Diagnostic> diagnostics, List<Ingress> ingresses) {
        Map<String, Ingress> byName = new HashMap<>();
        ingresses.forEach(i -> byName.put(namespaceOf(i) + "/" + i.getMetadata().getName(), i));
        Set<String> now = new HashSet<>();
        for (Diagnostic diagnostic : diagnostics) {
            String key = diagnostic.objectName() + "\n" + diagnostic.reason() + "\n" + diagnostic.field() + "\n"
                    + diagnostic.message();
            now.add(key);
            Ingress ingress = byName.get(diagnostic.objectName());
            if (ingress != null && !active.contains(key) && write(diagnostic, ingress)) {
                active.add(key);
            }
        }
        active.retainAll(now);
    }

    /** Events not written because of the rate limit. */
    public long dropped() {
        return dropped;
    }

    private boolean write(Diagnostic diagnostic, Ingress ingress) {
        long minute = clock.millis() / 60_000;
        if (minute != windowStart) {
            windowStart = minute;
            writtenInWindow = 0;
        }
        if (writtenInWindow >= MAX_PER_MINUTE) {
            dropped++;
            return false;
        }
        writtenInWindow++;
        String now = Instant.now(clock).toString();
        String message = (diagnostic.field().isEmpty() ? "" : diagnostic.field() + ": ") + diagnostic.message();
        try {
            client.v1().events().inNamespace(diagnostic.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(diagnostic.name() + "." + Long.toHexString(
                            ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)).endMetadata()
                    .withNewInvolvedObject().withApiVersion("networking.k8s.io/v1").withKind("Ingress")
                    .withNamespace(diagnostic.namespace()).withName(diagnostic.name())
                    .withUid(ingress.getMetadata().getUid()).endInvolvedObject()
                    .withType(diagnostic.severity() == Diagnostic.Severity.WARNING ? "Warning" : "Normal")
                    .withReason(diagnostic.reason())
                    .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(controllerName).withReportingInstance(COMPONENT)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
            return true;
        } catch (KubernetesClientException e) {
            problems.accept("cannot record an Event on Ingress " + diagnostic.objectName() + ": "
                    + ClusterErrors.describe(e));
            return false;
        }
    }

    private static String namespaceOf(Ingress ingress) {
        String namespace = ingress.getMetadata().getNamespace();
        return namespace == null ? "default" : namespace;
    }
}
