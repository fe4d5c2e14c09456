package dev.ingresslab.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;

/**
 * One Ingress Lab controls a cluster at a time: a {@code coordination.k8s.io/v1} Lease named {@code ingress-lab}
 * marks the instance that writes status and Events. Another instance (the GUI and a terminal {@code up} at once)
 * still serves requests, and says who holds the Lease. A Lease not renewed for its duration may be taken over.
 */
public final class ControllerLease {

    public static final String NAME = "ingress-lab";
    static final Duration DURATION = Duration.ofSeconds(15);

    /** Who holds the Lease, and since when. */
    public record Holder(String identity, ZonedDateTime since) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String identity;
    private final Clock clock;

    /** @param identity who we are: {@code host/pid/session}, see {@link #newIdentity()} */
    public ControllerLease(KubernetesClient client, String namespace, String identity, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * {@code host/pid/session}: who we are. The session part tells apart two controllers in one process (a GUI that
     * also runs a terminal session), which must coordinate as two processes do.
     */
    public static String newIdentity() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + Integer.toHexString(
                java.util.concurrent.ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /**
     * Takes or renews the Lease.
     *
     * @return null when we hold it now; else who does
     */
    public Holder acquire() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Lease current = leases().withName(NAME).get();
        if (current == null) {
            try {
                leases().resource(lease(now, now, 0, null)).create();
                return null;
            } catch (KubernetesClientException e) {
                return holderAfterConflict(e);
            }
        }
        String holder = current.getSpec().getHolderIdentity();
        ZonedDateTime renewed = current.getSpec().getRenewTime();
        boolean expired = renewed == null || renewed.plus(DURATION).isBefore(now);
        if (!identity.equals(holder) && !expired) {
            return new Holder(holder, current.getSpec().getAcquireTime());
        }
        boolean ours = identity.equals(holder);
        int transitions = current.getSpec().getLeaseTransitions() == null ? 0 : current.getSpec().getLeaseTransitions();
        try {
            leases().resource(lease(ours ? current.getSpec().getAcquireTime() : now, now,
                    ours ? transitions : transitions + 1, current.getMetadata().getResourceVersion())).update();
            return null;
        } catch (KubernetesClientException e) {
            return holderAfterConflict(e);
        }
    }

    /**
     * Gives the Lease up, when we hold it: deletes the version we read and only that (a delete precondition on its
     * resourceVersion), so a Lease another instance took over meanwhile is never deleted (the API server answers 409).
     */
    public void release() {
        Lease current = leases().withName(NAME).get();
        if (current != null && identity.equals(current.getSpec().getHolderIdentity())) {
            String version = current.getMetadata().getResourceVersion();
            try {
                if (version == null) {
                    leases().withName(NAME).delete();
                } else {
                    leases().withName(NAME).lockResourceVersion(version).delete();
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // taken over since we read it: it is another instance's now, and stays
            }
        }
    }

    private Holder holderAfterConflict(KubernetesClientException e) {
        if (e.getCode() != 409) {
            throw e;
        }
        Lease winner = leases().withName(NAME).get();
        return winner == null ? new Holder("another instance", null)
                : new Holder(winner.getSpec().getHolderIdentity(), winner.getSpec().getAcquireTime());
    }

    private Lease lease(ZonedDateTime acquired, ZonedDateTime renewed, int transitions, String resourceVersion) {
        return new LeaseBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                .withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withHolderIdentity(identity).withAcquireTime(acquired).withRenewTime(renewed)
                .withLeaseDurationSeconds((int) DURATION.toSeconds()).withLeaseTransitions(transitions).endSpec()
                .build();
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Lease,
            io.fabric8.kubernetes.api.model.coordination.v1.LeaseList,
            io.fabric8.kubernetes.client.dsl.Resource<Lease>> leases() {
        return client.leases().inNamespace(namespace);
    }
}
