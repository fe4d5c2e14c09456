package dev.ingresslab.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class ControllerLeaseTest {

    KubernetesClient client;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void theFirstInstanceHoldsItAndTheSecondIsToldWho() {
        ControllerLease first = new ControllerLease(client, "default", "laptop/100", at("2026-11-26T10:00:00Z"));
        ControllerLease second = new ControllerLease(client, "default", "laptop/200", at("2026-11-26T10:00:05Z"));

        assertThat(first.acquire()).isNull();
        ControllerLease.Holder holder = second.acquire();

        assertThat(holder).isNotNull();
        assertThat(holder.identity()).isEqualTo("laptop/100");
        assertThat(holder.since().toInstant()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(new ControllerLease(client, "default", "laptop/100", at("2026-11-26T10:00:10Z")).acquire())
                .as("the holder renews").isNull();
    }

    @Test
    void aLeaseNotRenewedInTimeIsTakenOverAndAReleasedOneIsFree() {
        new ControllerLease(client, "default", "old/1", at("2026-11-26T10:00:00Z")).acquire();

        ControllerLease late = new ControllerLease(client, "default", "new/2", at("2026-11-26T10:00:30Z"));
        assertThat(late.acquire()).as("15 s without renewal: taken over").isNull();
        assertThat(client.leases().inNamespace("default").withName("ingress-lab").get().getSpec()
                .getLeaseTransitions()).isEqualTo(1);

        late.release();
        assertThat(client.leases().inNamespace("default").withName("ingress-lab").get()).isNull();
    }
}
