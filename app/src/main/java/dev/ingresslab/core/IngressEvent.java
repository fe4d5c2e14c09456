package dev.ingresslab.core;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes Event about an Ingress, as the cluster has it: the controller's findings ({@code kubectl describe
 * ingress} shows the same), and any other component's. Read from the API server ({@code core/v1 Event}, its {@code
 * involvedObject} of kind {@code Ingress}), never re-derived from the translation.
 *
 * @param at       when it last happened ({@code lastTimestamp}, else {@code eventTime}, else {@code
 *                 firstTimestamp}, else the object's creation); {@link Instant#EPOCH} when none is set
 * @param type     {@code Normal} or {@code Warning}
 * @param reason   the machine-readable reason ({@code ServiceNotFound}, {@code RouteConflict}, …)
 * @param ingress  the Ingress it is about, {@code namespace/name}
 * @param message  the Event's message
 * @param reporter who recorded it ({@code reportingComponent}, else {@code source.component}); may be empty
 * @param count    how many times it happened (1 when unset)
 * @param id       the Event object's {@code namespace/name}: the same Event read twice has the same id
 */
public record IngressEvent(Instant at, String type, String reason, String ingress, String message, String reporter,
                           int count, String id) {

    public IngressEvent {
        Objects.requireNonNull(at);
        type = type == null ? "" : type;
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(ingress);
        message = message == null ? "" : message;
        reporter = reporter == null ? "" : reporter;
        Objects.requireNonNull(id);
    }

    /** Whether it is a {@code Warning} (else {@code Normal}: a resolved finding, an informational one). */
    public boolean warning() {
        return "Warning".equals(type);
    }

    /**
     * The Events about Ingresses in the given namespaces (all when empty), oldest first. One LIST per namespace;
     * blocks: call it off a UI thread.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server cannot be asked
     */
    static List<IngressEvent> list(KubernetesClient client, List<String> namespaces) {
        List<Event> events = new ArrayList<>();
        if (namespaces.isEmpty()) {
            events.addAll(client.v1().events().inAnyNamespace().list().getItems());
        } else {
            for (String namespace : namespaces) {
                events.addAll(client.v1().events().inNamespace(namespace).list().getItems());
            }
        }
        List<IngressEvent> found = new ArrayList<>();
        for (Event event : events) {
            of(event).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(IngressEvent::at).thenComparing(IngressEvent::id));
        return found;
    }

    /** The Event as an {@code IngressEvent}, when its involved object is an Ingress. */
    static Optional<IngressEvent> of(Event event) {
        var about = event.getInvolvedObject();
        if (about == null || !"Ingress".equals(about.getKind()) || about.getName() == null) {
            return Optional.empty();
        }
        String eventNamespace = event.getMetadata() == null || event.getMetadata().getNamespace() == null
                ? "default" : event.getMetadata().getNamespace();
        String namespace = about.getNamespace() == null ? eventNamespace : about.getNamespace();
        String reporter = event.getReportingComponent() != null && !event.getReportingComponent().isEmpty()
                ? event.getReportingComponent() : event.getSource() == null ? "" : event.getSource().getComponent();
        String name = event.getMetadata() == null ? "" : event.getMetadata().getName();
        return Optional.of(new IngressEvent(when(event), event.getType(), event.getReason(),
                namespace + "/" + about.getName(), event.getMessage(), reporter,
                event.getCount() == null ? 1 : event.getCount(), eventNamespace + "/" + name));
    }

    private static Instant when(Event event) {
        List<String> candidates = new ArrayList<>();
        candidates.add(event.getLastTimestamp());
        candidates.add(event.getEventTime() == null ? null : event.getEventTime().getTime());
        candidates.add(event.getFirstTimestamp());
        candidates.add(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp());
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                try {
                    return Instant.parse(candidate);
                } catch (DateTimeParseException e) {
                    // an unreadable time: try the next field
                }
            }
        }
        return Instant.EPOCH;
    }
}
