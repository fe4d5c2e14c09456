package dev.ingresslab.translate;

import dev.ingresslab.route.Origin;
import dev.ingresslab.route.SecureVirtualHost;
import dev.ingresslab.text.ShellWords;
import dev.ingresslab.tls.CertificateTrust;
import dev.ingresslab.tls.HostNames;
import dev.ingresslab.tls.SecretRef;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.TlsSecretException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second processor of the {@link RouteCompiler}: makes the rule hosts of every served Ingress with a {@code
 * spec.tls} section secure, with the certificate of the Secret its {@code tls} entries name, as ingress-nginx's
 * {@code createServers} and {@code extractTLSSecretName} ({@code internal/ingress/controller/controller.go}) choose
 * it:
 * <ul>
 *   <li>Ingresses are taken oldest first, and the first to configure a certificate for a host keeps it ("only add a
 *   certificate if the server does not have one previously configured"); a newer Ingress naming another Secret for
 *   that host gets {@code TLSSecretConflict}.</li>
 *   <li>For a rule host, the {@code tls} entry that lists it (compared without case) names the Secret; when none
 *   lists it, an entry whose certificate covers the host does.</li>
 *   <li>The Secret is read only from the Ingress's own namespace ({@code secretName} has none; ingress-semantics.md
 *   §7.3).</li>
 *   <li>A host whose entry names no Secret, whose Secret is missing or unusable, or whose certificate does not name
 *   it, is still secure (plain HTTP to it is redirected) but has no certificate of its own: ingress-nginx presents its
 *   default certificate there, the https listener its fallback one. An expired or not yet valid certificate is still
 *   served, as ingress-nginx serves it (with a warning).</li>
 * </ul>
 * Every such case is a diagnostic on the Ingress at the field concerned. Parsed Secrets are kept between compilations
 * while their content is unchanged, so an endpoint change costs no PEM parsing.
 */
public final class TlsProcessor implements RouteProcessor {

    /** A Secret's content, as compared to tell whether a cached reading still holds. */
    private record Content(String type, Map<String, String> data, Map<String, String> stringData,
                           Map<String, String> labels) {
        static Content of(Secret secret) {
            return new Content(secret.getType(), copy(secret.getData()), copy(secret.getStringData()),
                    copy(secret.getMetadata().getLabels()));
        }

        private static Map<String, String> copy(Map<String, String> map) {
            return map == null ? Map.of() : new HashMap<>(map);
        }
    }

    /** A Secret read: its certificate, or why it cannot be served. */
    private record Reading(Content content, TlsCertificate certificate, TlsSecretException problem) {
    }

    /** The Secret a host's certificate was chosen from, by the tls entry at {@code entry} (-1: none). */
    private record Choice(int entry, int hostIndex, String secretName) {
        static final Choice NONE = new Choice(-1, -1, "");
    }

    private final CertificateTrust trust;
    private final Map<SecretRef, Reading> readings = new ConcurrentHashMap<>();

    public TlsProcessor(CertificateTrust trust) {
        this.trust = Objects.requireNonNull(trust);
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public void process(Compilation compilation) {
        new Run(compilation).run();
    }

    /** One compilation's work: the Secrets by name, what was reported, which host got whose Secret. */
    private final class Run {
        private final Compilation compilation;
        private final boolean secretsKnown;
        private final Map<SecretRef, Secret> secrets = new HashMap<>();
        private final Map<String, Set<String>> namespacesByName = new HashMap<>();
        private final Set<String> reported = new HashSet<>();
        private final Map<String, SecretRef> secretOfHost = new HashMap<>();
        private final Map<String, ServedIngress> ingressOfHost = new HashMap<>();
        private final Set<SecretRef> read = new HashSet<>();

        Run(Compilation compilation) {
            this.compilation = compilation;
            this.secretsKnown = compilation.input().isGiven(InputKind.SECRET);
            for (Secret secret : compilation.input().secrets()) {
                if (secret.getMetadata() == null || secret.getMetadata().getName() == null) {
                    continue;
                }
                SecretRef ref = new SecretRef(Metadata.namespaceOf(secret), secret.getMetadata().getName());
                secrets.put(ref, secret);
                namespacesByName.computeIfAbsent(ref.name(), n -> new TreeSet<>()).add(ref.namespace());
            }
        }

        void run() {
            for (ServedIngress served : compilation.served()) {
                if (served.tlsEntries().isEmpty()) {
                    continue;
                }
                checkEntries(served);
                for (String host : served.ruleHosts()) {
                    if (!host.isEmpty()) { // host-less rules are ingress-nginx's default server: its default certificate
                        secure(served, host);
                    }
                }
            }
            if (secretsKnown) {
                readings.keySet().retainAll(read); // forget Secrets no Ingress names any more
            }
        }

        /** Findings about the tls entries themselves, whatever hosts they end up serving. */
        private void checkEntries(ServedIngress served) {
            List<IngressTLS> entries = served.tlsEntries();
            Set<String> ruleHosts = served.ruleHosts();
            for (int i = 0; i < entries.size(); i++) {
                IngressTLS entry = entries.get(i);
                String secretName = entry.getSecretName();
                if (secretName == null || secretName.isEmpty()) {
                    compilation.info(served.ingress(), "spec.tls[" + i + "].secretName", "TLSDefaultCertificate",
                            "this tls entry names no secretName, so its hosts " + hostsOf(entry) + " have no"
                            + " certificate of their own. Controllers differ here: ingress-nginx presents its default"
                            + " certificate (self-signed unless --default-ssl-certificate is set) and still redirects"
                            + " plain HTTP to https; Contour and other Envoy-based controllers serve no TLS for them;"
                            + " Ingress Lab presents its fallback certificate. Name a Secret to serve your own ("
                            + "./ingress-lab tls issue makes one)");
                } else if (secretName.contains("/")) {
                    compilation.warn(served.ingress(), "spec.tls[" + i + "].secretName", "TLSSecretInOtherNamespace",
                            "secretName \"" + secretName + "\" has a '/': a secretName has no namespace, the Secret is"
                            + " always read from the Ingress's own namespace " + served.namespace() + " (a Secret in"
                            + " another namespace is never used). Copy the Secret into " + served.namespace()
                            + " and name it alone");
                }
                List<String> hosts = entry.getHosts() == null ? List.of() : entry.getHosts();
                for (int j = 0; j < hosts.size(); j++) {
                    String host = HostNames.canonical(hosts.get(j));
                    if (!ruleHosts.contains(host)) {
                        compilation.info(served.ingress(), "spec.tls[" + i + "].hosts[" + j + "]", "TLSHostWithoutRule",
                                "the tls host " + hosts.get(j) + " is not the host of any rule of this Ingress, so"
                                + " nothing is served for it on https (ingress-nginx makes servers from rule hosts"
                                + " only); add a rule for it or remove it from tls");
                    }
                }
            }
        }

        private void secure(ServedIngress served, String host) {
            Choice choice = choose(served, host);
            SecretRef ref = choice.secretName().isEmpty() || choice.secretName().contains("/") ? null
                    : new SecretRef(served.namespace(), choice.secretName());
            if (compilation.builder().secureVirtualHost(host).isPresent()) {
                ServedIngress winner = ingressOfHost.get(host);
                SecretRef kept = secretOfHost.get(host);
                if (winner != null && winner != served && !Objects.equals(kept, ref)) {
                    compilation.warn(served.ingress(), field(choice), "TLSSecretConflict", "the host " + host
                            + " already has its certificate from " + describe(kept) + ", named by "
                            + winner.namespace() + "/" + winner.name() + ", and the tls entry of this Ingress names "
                            + describe(ref) + ", which is not used for " + host + ": ingress-nginx keeps the first"
                            + " certificate configured for a host, Ingresses taken oldest first by creationTimestamp,"
                            + " and "
                            + Origin.whyFirst(winner.namespace() + "/" + winner.name(), winner.created(),
                            served.namespace() + "/" + served.name(), served.created())
                            + "; name the same Secret in both, or remove this tls entry");
                }
                return;
            }
            ingressOfHost.put(host, served);
            secretOfHost.put(host, ref);
            Origin origin = new Origin("Ingress", served.namespace(), served.name(), served.created(),
                    Math.max(choice.entry(), 0), 0);
            List<String> problems = new ArrayList<>();
            Optional<TlsCertificate> certificate = certificateFor(served, host, choice, ref, problems);
            compilation.builder().addSecureVirtualHost(new SecureVirtualHost(host, certificate, origin,
                    String.join("; ", problems)));
        }

        /** extractTLSSecretName: the entry that lists the host, else one whose certificate covers it, else none. */
        private Choice choose(ServedIngress served, String host) {
            List<IngressTLS> entries = served.tlsEntries();
            for (int i = 0; i < entries.size(); i++) {
                List<String> hosts = entries.get(i).getHosts() == null ? List.of() : entries.get(i).getHosts();
                for (int j = 0; j < hosts.size(); j++) {
                    if (HostNames.canonical(hosts.get(j)).equals(host)) {
                        String name = entries.get(i).getSecretName();
                        return new Choice(i, j, name == null ? "" : name);
                    }
                }
            }
            for (int i = 0; i < entries.size(); i++) {
                String name = entries.get(i).getSecretName();
                if (name == null || name.isEmpty() || name.contains("/")) {
                    continue;
                }
                Reading reading = read(new SecretRef(served.namespace(), name));
                if (reading != null && reading.certificate() != null && reading.certificate().covers(host)) {
                    return new Choice(i, -1, name);
                }
            }
            return Choice.NONE;
        }

        private Optional<TlsCertificate> certificateFor(ServedIngress served, String host, Choice choice, SecretRef ref,
                                                        List<String> problems) {
            if (choice.entry() < 0) {
                String message = "the host " + host + " is a rule host of an Ingress with a tls section, but no tls"
                        + " entry lists it and no entry's certificate names it: ingress-nginx presents its default"
                        + " certificate for it and redirects plain HTTP to https; add it to a tls entry's hosts";
                problems.add("no tls entry lists it");
                report(served, "host " + host, "spec.tls", "TLSHostNotListed", message, false);
                return Optional.empty();
            }
            if (ref == null) {
                problems.add(choice.secretName().isEmpty() ? "its tls entry names no secretName"
                        : "secretName \"" + choice.secretName() + "\" names another namespace");
                return Optional.empty();
            }
            if (!secretsKnown) {
                problems.add("the Secret " + ref.display() + " was not given (files without Secrets)");
                return Optional.empty();
            }
            Reading reading = read(ref);
            String secretField = "spec.tls[" + choice.entry() + "].secretName";
            if (reading == null) {
                Set<String> elsewhere = new TreeSet<>(namespacesByName.getOrDefault(ref.name(), Set.of()));
                elsewhere.remove(ref.namespace());
                String create = ShellWords.command("kubectl", "create", "secret", "tls", ref.name(), "-n",
                        ref.namespace(), "--cert=cert.pem", "--key=key.pem");
                if (elsewhere.isEmpty()) {
                    report(served, ref.display(), secretField, "TLSSecretNotFound", "the Secret " + ref.display()
                            + " does not exist" + (compilation.input().fromManifests() ? "" : " as a kubernetes.io/tls"
                            + " Secret (only TLS Secrets are watched: if `kubectl get secret " + ref.name() + " -n "
                            + ref.namespace() + "` shows it, its type is another; recreate it as below)")
                            + ": create it with `" + create + "`, or let Ingress Lab issue one with"
                            + " `./ingress-lab tls issue " + host + " --namespace " + ref.namespace() + " --secret "
                            + ref.name() + "`", true);
                } else {
                    report(served, ref.display(), secretField, "TLSSecretInOtherNamespace", "the Secret "
                            + ref.display() + " does not exist; a Secret of that name is in namespace "
                            + String.join(", ", elsewhere) + ", but an Ingress only ever uses Secrets of its own"
                            + " namespace (secretName has no namespace): copy it into " + ref.namespace() + ", or"
                            + " create it there with `" + create + "`", true);
                }
                problems.add("the Secret " + ref.display() + " does not exist");
                return Optional.empty();
            }
            if (reading.problem() != null) {
                report(served, ref.display(), secretField, reading.problem().reason(), reading.problem().getMessage(),
                        true);
                problems.add(reading.problem().getMessage());
                return Optional.empty();
            }
            TlsCertificate certificate = reading.certificate();
            String hostField = choice.hostIndex() >= 0 ? "spec.tls[" + choice.entry() + "].hosts[" + choice.hostIndex()
                    + "]" : secretField;
            if (!certificate.covers(host)) {
                String names = certificate.dnsNames().isEmpty()
                        ? "no DNS name at all (no subjectAltName; its Common Name is ignored by browsers and Go)"
                        : "only " + String.join(", ", certificate.dnsNames());
                String message = "the certificate of the Secret " + ref.display() + " names " + names + ", not "
                        + host + ": clients refuse it for " + host + ". ingress-nginx then presents its default"
                        + " certificate for " + host + ", and so does Ingress Lab (its fallback one); issue a"
                        + " certificate that names " + host + " (`./ingress-lab tls issue " + host + "`)";
                report(served, "host " + host, hostField, "TLSHostNotCovered", message, true);
                problems.add("the certificate of " + ref.display() + " does not name " + host);
                return Optional.empty();
            }
            Instant now = compilation.now();
            if (now.isBefore(certificate.notBefore())) {
                String message = "the certificate of the Secret " + ref.display() + " is not valid yet: from "
                        + certificate.notBefore() + " (in " + human(Duration.between(now, certificate.notBefore()))
                        + ") until " + certificate.notAfter() + "; clients refuse it until then. It is served"
                        + " anyway, as ingress-nginx serves it; check this machine's clock and the issuer's";
                report(served, ref.display(), secretField, "TLSCertificateNotYetValid", message, true);
                problems.add("not valid until " + certificate.notBefore());
            } else if (now.isAfter(certificate.notAfter())) {
                String message = "the certificate of the Secret " + ref.display() + " expired on "
                        + certificate.notAfter() + " (" + human(Duration.between(certificate.notAfter(), now))
                        + " ago; valid from " + certificate.notBefore() + "): clients refuse it. It is served"
                        + " anyway, as ingress-nginx serves it with a warning; renew it"
                        + (certificate.ours() ? " (`./ingress-lab tls issue " + host + "`)" : "");
                report(served, ref.display(), secretField, "TLSCertificateExpired", message, true);
                problems.add("expired on " + certificate.notAfter());
            }
            Optional<String> distrust = trust.distrust(certificate);
            if (distrust.isPresent()) {
                report(served, ref.display(), secretField, "TLSCertificateNotTrusted", "the certificate of the Secret "
                        + ref.display() + " is served, but " + distrust.get(), true);
                problems.add(distrust.get());
            }
            return Optional.of(certificate);
        }

        /** The reading of a Secret, cached while its content is unchanged; null when it does not exist. */
        private Reading read(SecretRef ref) {
            Secret secret = secrets.get(ref);
            if (secret == null) {
                return null;
            }
            read.add(ref);
            Content content = Content.of(secret);
            Reading cached = readings.get(ref);
            if (cached != null && cached.content().equals(content)) {
                return cached;
            }
            Reading reading;
            try {
                reading = new Reading(content, TlsCertificates.fromSecret(secret), null);
            } catch (TlsSecretException e) {
                reading = new Reading(content, null, e);
            }
            readings.put(ref, reading);
            return reading;
        }

        /** A finding, once per Ingress, subject (a Secret or a host) and reason. */
        private void report(ServedIngress served, String subject, String field, String reason, String message,
                            boolean warning) {
            if (reported.add(served.namespace() + "/" + served.name() + " " + subject + " " + reason)) {
                if (warning) {
                    compilation.warn(served.ingress(), field, reason, message);
                } else {
                    compilation.info(served.ingress(), field, reason, message);
                }
            }
        }
    }

    private static String field(Choice choice) {
        return choice.entry() < 0 ? "spec.tls" : "spec.tls[" + choice.entry() + "]";
    }

    private static String describe(SecretRef ref) {
        return ref == null ? "no Secret (the default certificate)" : "the Secret " + ref.display();
    }

    private static String hostsOf(IngressTLS entry) {
        return entry.getHosts() == null || entry.getHosts().isEmpty() ? "(none listed)"
                : String.join(", ", entry.getHosts());
    }

    /** {@code 3 days}, {@code 5 hours}, {@code 12 minutes}: how far a date is, roughly. */
    static String human(Duration duration) {
        if (duration.toDays() >= 2) {
            return duration.toDays() + " days";
        }
        if (duration.toHours() >= 2) {
            return duration.toHours() + " hours";
        }
        return Math.max(1, duration.toMinutes()) + " minutes";
    }
}
