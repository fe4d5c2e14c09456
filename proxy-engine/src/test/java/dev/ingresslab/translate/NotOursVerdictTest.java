package dev.ingresslab.translate;

import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which unserved Ingresses are another controller's (never written on: no Event, no status) and which are ours but
 * refused (their Events say why): the verdict {@link IgnoredIngress#notOurs()} the cluster writers read.
 */
class NotOursVerdictTest {

    private static Map<String, Boolean> notOurs(Cluster cluster) {
        return cluster.translate().table().ignored().stream()
                .collect(Collectors.toMap(IgnoredIngress::name, IgnoredIngress::notOurs));
    }

    @Test
    void anotherControllersClassByFieldOrAnnotationAndAnUnknownForeignClassAreNotOurs() {
        Cluster cluster = new Cluster().service("web", 1)
                .ingressClass("nginx", "k8s.io/ingress-nginx", false)
                .ingressClass("ingress-lab", TranslatorSettings.CONTROLLER_NAME, false)
                .add(TestIngress.named("by-field").className("nginx").rule("a.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("by-annotation").annotate("kubernetes.io/ingress.class", "nginx")
                        .rule("b.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("unknown-class").className("traefik")
                        .rule("c.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("ours-refused").className("ingress-lab")
                        .nginx("configuration-snippet", "more_set_headers 'X: y';")
                        .rule("d.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("served").className("ingress-lab")
                        .rule("e.example.com", p -> p.prefix("/", "web")));

        assertThat(notOurs(cluster)).containsExactlyInAnyOrderEntriesOf(Map.of("by-field", true,
                "by-annotation", true, "unknown-class", true, "ours-refused", false));
    }

    @Test
    void ourClassMissingIsOursRefusedAndClasslessUnservedIsNotOurs() {
        Cluster cluster = new Cluster().service("web", 1)
                .settings(TranslatorSettings.defaults().withServeClassless(false))
                .ingressClass("nginx", "k8s.io/ingress-nginx", false)
                .add(TestIngress.named("our-class-missing").className("ingress-lab")
                        .rule("a.example.com", p -> p.prefix("/", "web")))
                .add(TestIngress.named("classless").rule("b.example.com", p -> p.prefix("/", "web")));

        assertThat(notOurs(cluster)).containsExactlyInAnyOrderEntriesOf(Map.of("our-class-missing", false,
                "classless", true));
    }
}
