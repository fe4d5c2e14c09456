package dev.ingresslab.bench;

import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.TranslationInput;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic table of a given number of Ingress rules (paths): one Ingress per host, five paths per host, like an
 * application with a site, an API, versions, static files and a login page; a few hosts are wildcards.
 */
final class SyntheticIngresses {

    static final String[][] PATHS = {{"Prefix", "/"}, {"Prefix", "/api"}, {"Prefix", "/api/v1"},
            {"ImplementationSpecific", "/static"}, {"Exact", "/login"}};

    private SyntheticIngresses() {
    }

    static int hostsFor(int rules) {
        return Math.max(1, rules / PATHS.length);
    }

    static String host(int index) {
        return index % 50 == 7 ? "*.wild-" + index + ".example.com" : "host-" + index + ".example.com";
    }

    static TranslationInput input(int rules) {
        List<Ingress> ingresses = new ArrayList<>();
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        int hosts = hostsFor(rules);
        for (int h = 0; h < hosts; h++) {
            List<HTTPIngressPath> paths = new ArrayList<>();
            for (int p = 0; p < PATHS.length && h * PATHS.length + p < Math.max(rules, 1); p++) {
                paths.add(new HTTPIngressPathBuilder().withPathType(PATHS[p][0]).withPath(PATHS[p][1])
                        .withNewBackend().withNewService().withName("svc-" + h + "-" + p).withNewPort()
                        .withNumber(8080).endPort().endService().endBackend().build());
            }
            ingresses.add(new IngressBuilder().withNewMetadata().withName("app-" + h).withNamespace("default")
                    .withCreationTimestamp(created.plusSeconds(h).toString()).endMetadata()
                    .withNewSpec().addNewRule().withHost(host(h)).withNewHttp().withPaths(paths).endHttp().endRule()
                    .endSpec().build());
        }
        return TranslationInput.ofManifests(ingresses, List.of(), List.of(), List.of(), List.of());
    }

    /** Requests spread over the hosts: hits on every path type, deep paths, unknown hosts and path misses. */
    static SimpleRequest[] requests(int rules, int count, long seed) {
        Random random = new Random(seed);
        String[] targets = {"/", "/index.html", "/api/v1/users/42?expand=true", "/api/v2/orders", "/static/app.js",
                "/login", "/login/reset", "/a/b/c/d/e/f"};
        SimpleRequest[] requests = new SimpleRequest[count];
        int hosts = hostsFor(rules);
        for (int i = 0; i < count; i++) {
            int h = random.nextInt(hosts + hosts / 10 + 1);
            String host = h >= hosts ? "unknown-" + h + ".example.org" : host(h).replace("*", "www");
            requests[i] = new SimpleRequest("http", "GET", host, targets[random.nextInt(targets.length)], Map.of());
        }
        return requests;
    }
}
