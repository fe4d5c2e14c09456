package dev.ingresslab.core.tls;

import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.SecretOutcome;
import dev.ingresslab.tls.local.TlsSecretIssuer;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Issues the Secrets an Ingress's {@code spec.tls} names, through {@link TlsSecretIssuer}: a missing Secret is
 * created, ours is renewed when due or when it does not cover the entry's hosts, a Secret we did not make is never
 * written (its outcome is {@link SecretOutcome.Action#NOT_OURS} with what to do). The Secrets go in the Ingress's
 * own namespace, the only one its {@code secretName} can name (Kubernetes API, {@code IngressTLS}).
 */
public final class IngressSecrets {

    /**
     * What Issue did for one Ingress.
     *
     * @param outcomes one per {@code tls} entry with a {@code secretName} and hosts, in the Ingress's order
     * @param skipped  one line per entry that could not be issued, with why and what to do
     */
    public record Report(List<SecretOutcome> outcomes, List<String> skipped) {
        public Report {
            outcomes = List.copyOf(outcomes);
            skipped = List.copyOf(skipped);
        }

        /** One line per entry: what was done or why not. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>(outcomes.stream().map(SecretOutcome::message).toList());
            lines.addAll(skipped);
            return lines;
        }
    }

    private final KubernetesClient client;
    private final LocalCa ca;

    public IngressSecrets(KubernetesClient client, LocalCa ca) {
        this.client = Objects.requireNonNull(client);
        this.ca = Objects.requireNonNull(ca);
    }

    /**
     * Issues for every {@code tls} entry of Ingress {@code namespace/name}, as the API server has it now. Blocks on
     * the API server: call it off a UI thread.
     *
     * @throws IllegalArgumentException when there is no such Ingress
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses a read or a write
     */
    public Report issue(String namespace, String name) {
        Ingress ingress = client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
        if (ingress == null) {
            throw new IllegalArgumentException("there is no Ingress " + namespace + "/" + name + " in the cluster any"
                    + " more: apply it again, then Issue");
        }
        List<IngressTLS> entries = ingress.getSpec() == null || ingress.getSpec().getTls() == null ? List.of()
                : ingress.getSpec().getTls();
        List<SecretOutcome> outcomes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            IngressTLS entry = entries.get(i);
            String field = namespace + "/" + name + " spec.tls[" + i + "]";
            List<String> hosts = entry.getHosts() == null ? List.of() : entry.getHosts();
            if (entry.getSecretName() == null || entry.getSecretName().isBlank()) {
                skipped.add(field + " names no secretName: nothing to issue into (add secretName: <name> to the"
                        + " entry, or leave it out to have the default certificate)");
            } else if (hosts.isEmpty()) {
                skipped.add(field + " lists no hosts: a certificate needs them (add hosts: [" + "<the rule's host>])");
            } else {
                try {
                    outcomes.add(new TlsSecretIssuer(client, ca).ensure(namespace, entry.getSecretName(), hosts));
                } catch (IllegalArgumentException e) {
                    skipped.add(field + ": " + e.getMessage());
                }
            }
        }
        if (entries.isEmpty()) {
            skipped.add(namespace + "/" + name + " has no spec.tls section: nothing to issue");
        }
        return new Report(outcomes, skipped);
    }
}
