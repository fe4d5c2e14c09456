package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated Pod's status in its two phases, as a kubelet writes them, each consistent in itself so that {@code
 * kubectl describe pod} and {@code get pods} agree: Pending (scheduled on the sandbox's node, its containers not yet
 * started, not Ready) and Running (each container {@code running} since it started, ready, and the Pod's conditions
 * PodScheduled, Initialized, ContainersReady and Ready all True). Simulated pods request no resources, so their QoS
 * class is BestEffort.
 */
final class PodStatuses {

    private PodStatuses() {
    }

    /** Just scheduled: {@code kubectl get pods} prints Pending, 0/N. */
    static PodStatus pending(Instant scheduled) {
        String at = time(scheduled);
        return new PodStatusBuilder().withPhase("Pending").withHostIP(SandboxNode.ADDRESS).withQosClass("BestEffort")
                .withConditions(condition("PodScheduled", true, at)).build();
    }

    /** Every container running since {@code started}, the Pod Ready: Running, N/N. */
    static PodStatus running(PodSpec spec, Instant scheduled, Instant started) {
        String since = time(started);
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container container : spec == null || spec.getContainers() == null ? List.<Container>of()
                : spec.getContainers()) {
            containers.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withImageID(container.getImage()).withContainerID("simulated://" + container.getName())
                    .withReady(true).withStarted(true).withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt(since).endRunning().endState().build());
        }
        return new PodStatusBuilder().withPhase("Running").withHostIP(SandboxNode.ADDRESS)
                .withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(SandboxNode.ADDRESS))
                .withPodIP(SandboxNode.ADDRESS).withPodIPs(new io.fabric8.kubernetes.api.model.PodIP(SandboxNode.ADDRESS))
                .withStartTime(time(scheduled)).withQosClass("BestEffort")
                .withConditions(condition("PodReadyToStartContainers", true, since),
                        condition("Initialized", true, time(scheduled)), condition("Ready", true, since),
                        condition("ContainersReady", true, since), condition("PodScheduled", true, time(scheduled)))
                .withContainerStatuses(containers).build();
    }

    private static PodCondition condition(String type, boolean status, String since) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
                .withLastTransitionTime(since).build();
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
