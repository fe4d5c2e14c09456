package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Events the sandbox's simulated controllers and kubelet record, as the real ones word them: {@code
 * ScalingReplicaSet} (deployment-controller), {@code SuccessfulCreate} and {@code SuccessfulDelete}
 * (replicaset-controller), {@code Scheduled} (default-scheduler), {@code Pulled}, {@code Created}, {@code Started}
 * and {@code Killing} (kubelet). {@code kubectl get events} and {@code describe} show them. Each is a core/v1 Event
 * named after its object and a unique suffix, as {@code client-go/tools/record} names them.
 */
final class ClusterEvents {

    private final KubernetesClient client;
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

    ClusterEvents(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Records a Normal event about {@code object}; {@code fieldPath} names a container ({@code
     * spec.containers{web}}) or is null. A failure to record is not the caller's failure: events are best effort on a
     * real cluster too.
     */
    void normal(HasMetadata object, String fieldPath, String reason, String message, String component) {
        record("Normal", object, fieldPath, reason, message, component);
    }

    /** Records a Warning event about {@code object}: something the user should act on. */
    void warning(HasMetadata object, String fieldPath, String reason, String message, String component) {
        record("Warning", object, fieldPath, reason, message, component);
    }

    private void record(String type, HasMetadata object, String fieldPath, String reason, String message,
                        String component) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = object.getMetadata().getNamespace() == null ? "default"
                : object.getMetadata().getNamespace();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata()
                    .withName(object.getMetadata().getName() + "." + Long.toHexString(sequence.incrementAndGet()))
                    .withNamespace(namespace).endMetadata()
                    .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                    .withNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid()).withFieldPath(fieldPath).endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent(component)
                    .withHost(component.equals("kubelet") ? SandboxNode.NAME : null).endSource()
                    .withReportingComponent(component).withReportingInstance(component.equals("kubelet")
                            ? SandboxNode.NAME : "")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
        } catch (RuntimeException e) {
            // the store was busy or is stopping: the event is lost, as a real one may be
        }
    }
}
