package dev.ingresslab.route;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoints key the proxy's connection pools: equality is every component, as a record's would be. */
class EndpointTest {

    @Test
    void endpointsAreEqualExactlyWhenAddressPortAndPodAre() {
        Endpoint endpoint = new Endpoint("10.0.0.7", 8080, "default/alpaca-1");
        Endpoint same = new Endpoint(new String("10.0.0.7"), 8080, "default/alpaca-1");
        assertThat(same).isEqualTo(endpoint).hasSameHashCodeAs(endpoint);
        assertThat(new Endpoint("10.0.0.8", 8080, "default/alpaca-1")).isNotEqualTo(endpoint);
        assertThat(new Endpoint("10.0.0.7", 8081, "default/alpaca-1")).isNotEqualTo(endpoint);
        assertThat(new Endpoint("10.0.0.7", 8080, "default/alpaca-2")).isNotEqualTo(endpoint);
        assertThat(new Endpoint("10.0.0.7", 8080, null)).isEqualTo(new Endpoint("10.0.0.7", 8080));
        assertThat(endpoint).isNotEqualTo(null).isNotEqualTo("10.0.0.7:8080");

        Map<Endpoint, String> pools = new HashMap<>();
        pools.put(endpoint, "pool");
        assertThat(pools.get(same)).isEqualTo("pool");
        assertThat(pools.get(new Endpoint("10.0.0.7", 8080))).isNull();
    }
}
