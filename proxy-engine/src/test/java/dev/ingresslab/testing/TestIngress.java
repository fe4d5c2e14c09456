package dev.ingresslab.testing;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackendBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A terse way to write Ingresses in tests: {@code TestIngress.named("a").rule("foo.com", p -> p.prefix("/", "svc"))}. */
public final class TestIngress {

    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final String name;
    private String namespace = "default";
    private Instant created = EPOCH;
    private String className;
    private IngressBackend defaultBackend;
    private final List<IngressRule> rules = new ArrayList<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<List<String>> tls = new ArrayList<>();
    private final List<String> tlsSecrets = new ArrayList<>();

    private TestIngress(String name) {
        this.name = name;
    }

    public static TestIngress named(String name) {
        return new TestIngress(name);
    }

    public TestIngress namespace(String value) {
        this.namespace = value;
        return this;
    }

    /** Created {@code seconds} after {@link #EPOCH}: smaller is older. */
    public TestIngress createdAt(long seconds) {
        this.created = EPOCH.plusSeconds(seconds);
        return this;
    }

    /** Without a creationTimestamp, as in a manifest file. */
    public TestIngress undated() {
        this.created = null;
        return this;
    }

    public TestIngress className(String value) {
        this.className = value;
        return this;
    }

    public TestIngress annotate(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /** An ingress-nginx annotation: {@code nginx("use-regex", "true")}. */
    public TestIngress nginx(String key, String value) {
        return annotate("nginx.ingress.kubernetes.io/" + key, value);
    }

    public TestIngress defaultBackend(String service) {
        this.defaultBackend = backend(service, 80);
        return this;
    }

    public TestIngress defaultBackend(String service, int port) {
        this.defaultBackend = backend(service, port);
        return this;
    }

    public TestIngress tls(String secret, String... hosts) {
        tls.add(List.of(hosts));
        tlsSecrets.add(secret);
        return this;
    }

    /** A rule; {@code host} null for a rule without host. */
    public TestIngress rule(String host, java.util.function.Consumer<Paths> paths) {
        Paths collected = new Paths();
        paths.accept(collected);
        IngressRuleBuilder rule = new IngressRuleBuilder().withHost(host);
        if (!collected.paths.isEmpty()) {
            rule.withNewHttp().withPaths(collected.paths).endHttp();
        }
        rules.add(rule.build());
        return this;
    }

    /** A host-less rule with one Prefix path. */
    public TestIngress prefix(String path, String service) {
        return rule(null, p -> p.prefix(path, service));
    }

    public Ingress build() {
        IngressBuilder builder = new IngressBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withCreationTimestamp(created == null ? null : created.toString()).withAnnotations(annotations).endMetadata()
                .withNewSpec().withIngressClassName(className).withDefaultBackend(defaultBackend).withRules(rules)
                .endSpec();
        for (int i = 0; i < tls.size(); i++) {
            builder.editSpec().addToTls(new IngressTLSBuilder().withHosts(tls.get(i)).withSecretName(tlsSecrets.get(i))
                    .build()).endSpec();
        }
        return builder.build();
    }

    static IngressBackend backend(String service, int port) {
        return new IngressBackendBuilder().withNewService().withName(service).withNewPort().withNumber(port).endPort()
                .endService().build();
    }

    /** The paths of one rule. */
    public static final class Paths {
        private final List<HTTPIngressPath> paths = new ArrayList<>();

        public Paths prefix(String path, String service) {
            return path("Prefix", path, service);
        }

        public Paths exact(String path, String service) {
            return path("Exact", path, service);
        }

        public Paths implementationSpecific(String path, String service) {
            return path("ImplementationSpecific", path, service);
        }

        public Paths path(String type, String path, String service) {
            paths.add(new HTTPIngressPathBuilder().withPath(path).withPathType(type)
                    .withBackend(backend(service, 80)).build());
            return this;
        }

        /** A path whose backend names its port by name. */
        public Paths namedPort(String type, String path, String service, String portName) {
            paths.add(new HTTPIngressPathBuilder().withPath(path).withPathType(type)
                    .withBackend(new IngressBackendBuilder().withNewService().withName(service).withNewPort()
                            .withName(portName).endPort().endService().build()).build());
            return this;
        }
    }
}
