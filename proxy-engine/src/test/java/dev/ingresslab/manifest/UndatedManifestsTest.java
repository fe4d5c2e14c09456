package dev.ingresslab.manifest;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.route.TraceEntry;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #12 §5: manifest files have no creationTimestamp, and none is invented from the clock or the reading order. Two
 * undated Ingresses that claim the same host and path tie, and the tie is broken as ingress-nginx breaks one (its
 * store's sortIngressSlice: {@code namespace/name} in reverse order, the first to claim a path keeps it), whatever the
 * order of the files and the time of the run; explain says so.
 */
class UndatedManifestsTest {

    @TempDir
    Path dir;

    @Test
    void undatedIngressesTieAndTheNameThatSortsLastWinsInEveryOrder() throws Exception {
        Path alpha = ingress("alpha.yaml", "shop", "alpha", "svc-alpha", null);
        Path beta = ingress("beta.yaml", "shop", "beta", "svc-beta", null);

        Decision forward = explain(alpha, beta);
        Thread.sleep(1_100); // a later run, another second on the clock: the same answer
        Decision backward = explain(beta, alpha);

        for (Decision decision : List.of(forward, backward)) {
            assertThat(decision.backend().service()).isEqualTo("svc-beta");
            assertThat(decision.notes()).anySatisfy(note -> assertThat(note).contains("shop/beta and shop/alpha have"
                    + " no creationTimestamp").contains("as ingress-nginx breaks it, by namespace/name in reverse"
                    + " order, so shop/beta wins (implementation-defined"));
            assertThat(decision.trace()).filteredOn(entry -> entry.verdict() == TraceEntry.Verdict.LOST)
                    .singleElement().satisfies(lost -> assertThat(lost.reason()).contains("neither has a"
                            + " creationTimestamp").contains("shop/beta sorts after shop/alpha"));
        }
    }

    @Test
    void aDatedIngressIsOlderThanAnUndatedOne() throws Exception {
        Path dated = ingress("dated.yaml", "shop", "alpha", "svc-alpha", "2024-05-01T00:00:00Z");
        Path undated = ingress("undated.yaml", "shop", "beta", "svc-beta", null);

        Decision decision = explain(undated, dated);

        assertThat(decision.backend().service()).isEqualTo("svc-alpha");
        assertThat(decision.trace()).filteredOn(entry -> entry.verdict() == TraceEntry.Verdict.LOST)
                .singleElement().satisfies(lost -> assertThat(lost.reason()).contains("shop/alpha is older (created"
                        + " 2024-05-01T00:00:00Z; shop/beta has no creationTimestamp"));
        assertThat(decision.notes()).noneMatch(note -> note.contains("tie"));
    }

    private Decision explain(Path... files) throws ManifestException {
        ManifestSet set = new ManifestLoader().load(java.util.Arrays.stream(files).map(Path::toString).toList());
        return new Explainer(new IngressTranslator(TranslatorSettings.defaults()).translate(set.toInput()).table())
                .explain(SimpleRequest.get("http://shop.example.com/"));
    }

    private Path ingress(String file, String namespace, String name, String service, String created)
            throws Exception {
        return Files.writeString(dir.resolve(file), """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  namespace: %s%s
                spec:
                  rules:
                    - host: shop.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}
                """.formatted(name, namespace, created == null ? "" : "\n  creationTimestamp: \"" + created + "\"",
                service));
    }
}
