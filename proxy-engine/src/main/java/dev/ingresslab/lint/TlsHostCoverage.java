package dev.ingresslab.lint;

import dev.ingresslab.route.HostPattern;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

import java.util.ArrayList;
import java.util.List;

/**
 * A host under {@code spec.tls[].hosts} that no rule of the same Ingress serves: the certificate is offered for it,
 * but no route of this Ingress answers it (the Ingress docs: "the hosts in the TLS section must explicitly match the
 * host in a rule"). The API server stores it; lint warns. The translator cannot see this (it reads hosts that have
 * routes), so the check lives here, and only here.
 */
final class TlsHostCoverage {

    /** A TLS host no rule matches, with the field it is written at. */
    record Uncovered(String field, String host, List<String> ruleHosts) {
    }

    private TlsHostCoverage() {
    }

    static List<Uncovered> check(Ingress ingress) {
        if (ingress.getSpec() == null || ingress.getSpec().getTls() == null) {
            return List.of();
        }
        List<String> ruleHosts = new ArrayList<>();
        boolean hostless = ingress.getSpec().getDefaultBackend() != null;
        for (IngressRule rule : ingress.getSpec().getRules() == null ? List.<IngressRule>of()
                : ingress.getSpec().getRules()) {
            if (rule != null && rule.getHost() != null && !rule.getHost().isEmpty()) {
                ruleHosts.add(rule.getHost());
            } else if (rule != null) {
                hostless = true;
            }
        }
        List<Uncovered> uncovered = new ArrayList<>();
        List<IngressTLS> tls = ingress.getSpec().getTls();
        for (int i = 0; i < tls.size(); i++) {
            List<String> hosts = tls.get(i) == null || tls.get(i).getHosts() == null ? List.of()
                    : tls.get(i).getHosts();
            for (int j = 0; j < hosts.size(); j++) {
                String host = hosts.get(j);
                if (host != null && !hostless && !covered(host, ruleHosts)) {
                    uncovered.add(new Uncovered("spec.tls[" + i + "].hosts[" + j + "]", host, ruleHosts));
                }
            }
        }
        return uncovered;
    }

    /** Whether a rule host is this host, or a wildcard rule host matches it (one label, as routing matches it). */
    private static boolean covered(String host, List<String> ruleHosts) {
        for (String rule : ruleHosts) {
            if (rule.equals(host) || HostPattern.matches(rule, host)) {
                return true;
            }
        }
        return false;
    }
}
