package dev.ingresslab.translate;

import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.TlsSecretException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.ingresslab.translate.GatewayApiResults.RESOLVED_REFS;

/**
 * The certificates of one HTTPS listener: every entry of its {@code tls.certificateRefs} (Gateway API v1 {@code
 * GatewayTLSConfig}), each read and checked on its own. The spec gives one reference to a {@code kubernetes.io/tls}
 * Secret Core support and leaves several to the implementation (GEP-851: an RSA and an ECDSA certificate, or
 * certificates for different names); Ingress Lab serves every valid one and lets each handshake choose (by the SNI
 * name, then the key type the client's signature algorithms accept: {@link
 * dev.ingresslab.route.SecureVirtualHost#certificateFor}).
 * <p>
 * A reference that cannot be used is reported at its own field ({@code tls.certificateRefs[i]}) and sets the
 * listener's {@code ResolvedRefs} to False: {@code RefNotPermitted} for a Secret in another namespace that no
 * ReferenceGrant opens to the Gateway, {@code InvalidCertificateRef} for one that is not a core Secret, is missing, or
 * holds no usable certificate and key (the spec's {@code ListenerReasonInvalidCertificateRef}); the first such
 * reference in list order gives the reason, the message names each. The listener is still served with the valid ones;
 * with none, it is not served. A valid certificate that no handshake can get (an earlier one has the same key type
 * and names every name it has) is reported as {@code CertificateRefNotUsed}.
 */
final class ListenerCertificates {

    private final Compilation compilation;
    private final Gateway gateway;
    private final ReferenceGrants grants;
    private final String namespace;

    /**
     * What the listener's references come to.
     *
     * @param certificates the valid certificates, in the order of their references
     * @param problem      ResolvedRefs False with its reason and message, or null when every reference resolved
     * @param servable     whether the listener can be served: some reference is valid, or none could be checked (files
     *                     without their Secrets: the fallback certificate is presented)
     */
    record Outcome(List<TlsCertificate> certificates, GatewayCondition problem, boolean servable) {
    }

    ListenerCertificates(Compilation compilation, Gateway gateway, ReferenceGrants grants, String namespace) {
        this.compilation = compilation;
        this.gateway = gateway;
        this.grants = grants;
        this.namespace = namespace;
    }

    /** Reads the certificates of {@code spec}, the listener at {@code field} ({@code spec.listeners[i]}). */
    Outcome resolve(Listener spec, String field) {
        List<SecretObjectReference> refs = spec.getTls() == null || spec.getTls().getCertificateRefs() == null
                ? List.of() : spec.getTls().getCertificateRefs();
        if (refs.isEmpty()) {
            String message = "an HTTPS listener needs tls.certificateRefs: name a kubernetes.io/tls Secret";
            compilation.warn(gateway, field + ".tls", GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, message);
            return new Outcome(List.of(), GatewayCondition.failed(RESOLVED_REFS,
                    GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, message), false);
        }
        List<TlsCertificate> certificates = new ArrayList<>();
        List<String> refFields = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String reason = null;
        boolean unchecked = false;
        for (int i = 0; i < refs.size(); i++) {
            String refField = field + ".tls.certificateRefs[" + i + "]";
            Reading reading = read(refs.get(i));
            if (reading.certificate() != null) {
                certificates.add(reading.certificate());
                refFields.add(refField);
            } else if (reading.reason() == null) {
                unchecked = true;
            } else {
                compilation.warn(gateway, refField, reading.reason(), reading.message());
                problems.add("certificateRefs[" + i + "]: " + reading.message());
                reason = reason == null ? reading.reason() : reason;
            }
        }
        reportUnused(certificates, refFields);
        GatewayCondition problem = null;
        if (reason != null) {
            String served = certificates.isEmpty() ? "the listener is not served"
                    : "the listener is served with the other " + (certificates.size() == 1 ? "certificate"
                    : certificates.size() + " certificates");
            problem = GatewayCondition.failed(RESOLVED_REFS, reason, String.join("; ", problems) + " (" + served
                    + ")");
        }
        return new Outcome(certificates, problem, !certificates.isEmpty() || unchecked && reason == null);
    }

    /** One reference's certificate; or its problem; or neither, when the input holds no Secrets to check it by. */
    private record Reading(TlsCertificate certificate, String reason, String message) {
    }

    private Reading read(SecretObjectReference ref) {
        String group = ref.getGroup() == null ? "" : ref.getGroup();
        String kind = ref.getKind() == null ? "Secret" : ref.getKind();
        if (!group.isEmpty() || !kind.equals("Secret")) {
            return failed(GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, "certificateRefs name core Secrets"
                    + " (group \"\", kind Secret), not " + group + "/" + kind);
        }
        String secretNamespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace
                : ref.getNamespace();
        String secretName = secretNamespace + "/" + ref.getName();
        if (!grants.permits(GatewayProcessor.GROUP, "Gateway", namespace, "", "Secret", secretNamespace,
                ref.getName())) {
            return failed(GatewayApiResults.REASON_REF_NOT_PERMITTED, "Secret " + secretName + " is in another"
                    + " namespace and no ReferenceGrant there allows Gateways from " + namespace + ": add one (from"
                    + " Gateway in " + namespace + ", to Secret)");
        }
        Optional<Secret> secret = compilation.input().secrets().stream()
                .filter(s -> Metadata.namespaceOf(s).equals(secretNamespace)
                        && s.getMetadata().getName().equals(ref.getName())).findFirst();
        if (secret.isEmpty()) {
            if (!compilation.input().isGiven(InputKind.SECRET)) {
                return new Reading(null, null, null); // files without Secrets: not checked
            }
            return failed(GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, "Secret " + secretName + " not found:"
                    + " create it (kubectl create secret tls " + ref.getName() + " -n " + secretNamespace
                    + " --cert=FILE --key=FILE)");
        }
        try {
            return new Reading(TlsCertificates.fromSecret(secret.get()), null, null);
        } catch (TlsSecretException e) {
            return failed(GatewayApiResults.REASON_INVALID_CERTIFICATE_REF, "Secret " + secretName + ": "
                    + e.getMessage());
        }
    }

    private static Reading failed(String reason, String message) {
        return new Reading(null, reason, message);
    }

    /** Warns about each certificate an earlier one of the same key type shadows for every name it has. */
    private void reportUnused(List<TlsCertificate> certificates, List<String> fields) {
        for (int j = 1; j < certificates.size(); j++) {
            TlsCertificate later = certificates.get(j);
            for (int i = 0; i < j; i++) {
                TlsCertificate earlier = certificates.get(i);
                if (earlier.privateKey().getAlgorithm().equals(later.privateKey().getAlgorithm())
                        && later.dnsNames().stream().allMatch(earlier::covers)) {
                    compilation.warn(gateway, fields.get(j), "CertificateRefNotUsed", "Secret "
                            + later.source().display() + " is never presented: "
                            + fields.get(i).substring(fields.get(i).lastIndexOf('.') + 1) + " (Secret "
                            + earlier.source().display() + ") comes first, with a key of the same type ("
                            + keyName(earlier) + ") and every name it names (" + String.join(", ", later.dnsNames())
                            + "). Several certificates serve different key types (RSA and ECDSA) or different"
                            + " names; remove it, or put it first to present it instead");
                    break;
                }
            }
        }
    }

    private static String keyName(TlsCertificate certificate) {
        String algorithm = certificate.privateKey().getAlgorithm();
        return algorithm.equals("EC") ? "ECDSA" : algorithm;
    }
}
