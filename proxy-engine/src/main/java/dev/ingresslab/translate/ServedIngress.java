package dev.ingresslab.translate;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An Ingress this controller serves, valid, with its annotations read.
 *
 * @param created its creationTimestamp, parsed once
 */
record ServedIngress(Ingress ingress, Instant created, NginxAnnotations annotations) {

    String namespace() {
        return Metadata.namespaceOf(ingress);
    }

    String name() {
        return ingress.getMetadata().getName();
    }

    boolean isCanary() {
        return annotations.canary() != null;
    }

    List<IngressRule> rules() {
        return ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
    }

    /** The hosts of its rules, {@code ""} for a rule without host, in order. */
    Set<String> ruleHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        rules().forEach(rule -> hosts.add(hostOf(rule)));
        return hosts;
    }

    /** The hosts its {@code spec.tls} covers. */
    Set<String> tlsHosts() {
        Set<String> hosts = new LinkedHashSet<>();
        for (IngressTLS tls : tlsEntries()) {
            if (tls.getHosts() != null) {
                hosts.addAll(tls.getHosts());
            }
        }
        return hosts;
    }

    List<IngressTLS> tlsEntries() {
        return ingress.getSpec().getTls() == null ? List.of() : ingress.getSpec().getTls();
    }

    static String hostOf(IngressRule rule) {
        return rule.getHost() == null ? "" : rule.getHost();
    }

    static List<HTTPIngressPath> pathsOf(IngressRule rule) {
        return rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of() : rule.getHttp().getPaths();
    }

    /** The path as matched: an empty ImplementationSpecific path means {@code /}. */
    static String pathOf(HTTPIngressPath path) {
        return path.getPath() == null || path.getPath().isEmpty() ? "/" : path.getPath();
    }
}
