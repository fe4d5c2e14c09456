package dev.ingresslab.core;

import dev.ingresslab.cluster.ClusterErrors;
import dev.ingresslab.cluster.ControllerLease;
import dev.ingresslab.concurrent.DaemonThreads;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether this instance controls the cluster (writes status and Events): it takes the {@link ControllerLease} at
 * start, renews it every 5 s, and says when it loses or regains it.
 */
final class Leadership implements AutoCloseable {

    private final ControllerLease lease;
    private final Consumer<SessionEvent> events;
    private final ScheduledExecutorService renewals = DaemonThreads.scheduler("ingress-lab-lease");
    private volatile boolean held;
    /** Whether "another instance controls the cluster" was said since we last held the Lease. */
    private boolean reported;

    private Leadership(ControllerLease lease, Consumer<SessionEvent> events) {
        this.lease = lease;
        this.events = events;
    }

    /** Takes the Lease when free, and keeps renewing it; says each change as a {@link SessionEvent.LeadershipChanged}. */
    static Leadership take(ControllerLease lease, Consumer<SessionEvent> events) {
        Leadership leadership = new Leadership(lease, events);
        leadership.renew();
        leadership.renewals.scheduleWithFixedDelay(leadership::renew, 5, 5, TimeUnit.SECONDS);
        return leadership;
    }

    boolean held() {
        return held;
    }

    private void renew() {
        try {
            ControllerLease.Holder holder = lease.acquire();
            boolean now = holder == null;
            if (now != held || (!now && !reported)) {
                events.accept(new SessionEvent.LeadershipChanged(Instant.now(), now, now ? "" : holder.identity(),
                        now ? "this Ingress Lab controls the cluster: it writes Ingress status and Events"
                        : "another Ingress Lab (" + holder.identity() + ", since " + holder.since() + ") controls"
                        + " this cluster: this one serves requests but writes no status or Events"));
                reported = !now;
            }
            held = now;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                // Without the right to use Leases we cannot coordinate; a lone instance still does its job.
                if (!held) {
                    events.accept(new SessionEvent.LeadershipChanged(Instant.now(), true, "", "note: cannot use the"
                            + " Lease " + ControllerLease.NAME + " (" + ClusterErrors.describe(e)
                            + "); writing status anyway"));
                }
                held = true;
            }
            // Other failures (the API server is away) keep the last answer until the next renewal.
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        if (held) {
            try {
                lease.release();
            } catch (KubernetesClientException e) {
                // the Lease expires by itself
            }
        }
    }
}
