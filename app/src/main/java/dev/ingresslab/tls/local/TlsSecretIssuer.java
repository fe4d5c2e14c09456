package dev.ingresslab.tls.local;

import dev.ingresslab.tls.HostNames;
import dev.ingresslab.tls.PemEncoding;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the local CA's certificates in Kubernetes as {@code kubernetes.io/tls} Secrets, made as {@code kubectl create
 * secret tls NAME --cert … --key …} makes them (type {@code kubernetes.io/tls}, data {@code tls.crt} and {@code
 * tls.key}, the PEM files' bytes; Kubernetes API "Secret types: TLS secrets"), plus the label {@code
 * app.kubernetes.io/managed-by: ingress-lab} that says they are ours. A Secret without that label is the user's and
 * is never written; ours is issued again when it is due ({@link LeafPolicy#renewalDue}), when it does not cover the
 * hosts asked for, when another CA issued it, or when it cannot be read.
 * <p>
 * Writes are conditional: an update carries the resourceVersion read, so a Secret changed meanwhile is not
 * overwritten (the API server answers 409 and nothing is written).
 */
public final class TlsSecretIssuer {

    private static final String MANAGED_BY = TlsCertificate.MANAGED_BY_LABEL;
    private static final String OURS = TlsCertificate.MANAGED_BY_VALUE;

    private final KubernetesClient client;
    private final LocalCa ca;

    public TlsSecretIssuer(KubernetesClient client, LocalCa ca) {
        this.client = client;
        this.ca = ca;
    }

    /**
     * Makes sure Secret {@code namespace/name} holds a current certificate of the local CA for {@code hosts}.
     *
     * @throws IllegalArgumentException    a host a certificate cannot carry
     * @throws KubernetesClientException   the API server refused (no rights, gone, a conflicting write)
     */
    public SecretOutcome ensure(String namespace, String name, List<String> hosts) {
        List<String> names = LeafPolicy.checkHosts(hosts);
        Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            IssuedCertificate issued = ca.issue(names);
            client.secrets().inNamespace(namespace).resource(secret(namespace, name, issued, null)).create();
            return new SecretOutcome(SecretOutcome.Action.CREATED, namespace, name, names, issued.certificate(),
                    "created Secret " + namespace + "/" + name + " for " + String.join(", ", names)
                            + ", issued by the local CA, valid until " + issued.certificate().getNotAfter().toInstant());
        }
        X509Certificate current = leaf(existing);
        if (!ours(existing)) {
            return new SecretOutcome(SecretOutcome.Action.NOT_OURS, namespace, name, names, current,
                    "Secret " + namespace + "/" + name + " was not made by Ingress Lab (it has no label " + MANAGED_BY
                            + "=" + OURS + "): it is left as it is. To have Ingress Lab issue it, delete it first"
                            + " (kubectl delete secret " + name + " -n " + namespace + "), or give another name"
                            + " with --secret and use that name in the Ingress's spec.tls");
        }
        String why = dueBecause(current, names);
        if (why == null) {
            return new SecretOutcome(SecretOutcome.Action.CURRENT, namespace, name, names, current,
                    "Secret " + namespace + "/" + name + " is current (due for renewal from "
                            + LeafPolicy.renewAt(current) + ")");
        }
        IssuedCertificate issued = ca.issue(names);
        client.secrets().inNamespace(namespace).resource(secret(namespace, name, issued, existing)).update();
        return new SecretOutcome(SecretOutcome.Action.RENEWED, namespace, name, names, issued.certificate(),
                "renewed Secret " + namespace + "/" + name + " (" + why + "), valid until "
                        + issued.certificate().getNotAfter().toInstant());
    }

    /** Whether {@code secret} carries our label. */
    public static boolean ours(Secret secret) {
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && OURS.equals(labels.get(MANAGED_BY));
    }

    /** Why our leaf must be issued again, or null when it need not. */
    private String dueBecause(X509Certificate leaf, List<String> hosts) {
        if (leaf == null) {
            return "its certificate cannot be read";
        }
        if (!ca.issued(leaf)) {
            return "it was issued by another CA than " + ca.certificateFile();
        }
        Instant now = Instant.now();
        if (LeafPolicy.renewalDue(leaf, now)) {
            return "due since " + LeafPolicy.renewAt(leaf) + ", it expires on " + leaf.getNotAfter().toInstant();
        }
        List<String> uncovered = uncovered(leaf, hosts);
        return uncovered.isEmpty() ? null : "it does not cover " + String.join(", ", uncovered);
    }

    private static List<String> uncovered(X509Certificate leaf, List<String> hosts) {
        List<String> sans = dnsNames(leaf);
        return hosts.stream().filter(host -> sans.stream().noneMatch(san -> HostNames.matches(san, host))).toList();
    }

    /** The DNS names of a certificate's subjectAltName ({@link TlsCertificates#dnsNames}); none when unreadable. */
    public static List<String> dnsNames(X509Certificate certificate) {
        try {
            return TlsCertificates.dnsNames(certificate);
        } catch (java.security.cert.CertificateParsingException e) {
            return List.of(); // no readable names: covers nothing
        }
    }

    /** The first certificate of a Secret's {@code tls.crt}, or null when there is none readable. */
    public static X509Certificate leaf(Secret secret) {
        Map<String, String> data = secret.getData();
        String crt = data == null ? null : data.get("tls.crt");
        if (crt == null) {
            return null;
        }
        try {
            return PemEncoding.readCertificates(new String(Base64.getDecoder().decode(crt), StandardCharsets.US_ASCII))
                    .get(0);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Secret secret(String namespace, String name, IssuedCertificate issued, Secret existing) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TlsCertificates.CERT_KEY, base64(issued.certificatePem()));
        data.put(TlsCertificates.KEY_KEY, base64(issued.keyPem()));
        SecretBuilder builder = existing == null
                ? new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                : new SecretBuilder(existing); // keeps its resourceVersion: the update is conditional
        return builder.editMetadata().addToLabels(MANAGED_BY, OURS).endMetadata()
                .withType(TlsCertificates.TLS_TYPE).withData(data).withStringData(null).build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
