package dev.ingresslab.cli;

import dev.ingresslab.cluster.ClusterErrors;
import dev.ingresslab.cluster.ContextNotFoundException;
import dev.ingresslab.core.ClusterTarget;
import dev.ingresslab.text.ShellWords;
import dev.ingresslab.tls.TlsCertificate;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.TlsSecretException;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.tls.local.LocalCaException;
import dev.ingresslab.tls.local.SecretOutcome;
import dev.ingresslab.tls.local.TlsSecretIssuer;
import dev.ingresslab.tls.trust.TrustStep;
import dev.ingresslab.tls.trust.TrustStore;
import dev.ingresslab.tls.trust.TrustStores;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ingress-lab tls ca|issue|show|trust|untrust|status}: the local CA, its certificates and its trust. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        footerHeading = Conventions.EXAMPLES_HEADING,
        footer = {
                "  ingress-lab tls issue alpaca.example.com --secret alpaca-tls",
                "  ingress-lab tls trust",
                "  curl --cacert \"$(ingress-lab tls ca --path)\" https://alpaca.example.com:8443/"},
        description = {"The local CA: certificates for your Ingresses' TLS hosts as Kubernetes TLS Secrets, and the"
                + " CA trusted by this laptop's browsers and tools.",
                "The CA is made on first use in the data directory (ca.pem; its key ca-key.pem, yours alone)."},
        subcommands = {TlsCommand.Ca.class, TlsCommand.Issue.class, TlsCommand.Show.class, TlsCommand.Trust.class,
                TlsCommand.Untrust.class, TlsCommand.Status.class})
final class TlsCommand {

    private static final String PREFIX = "ingress-lab tls: ";

    /**
     * The CA of the command line's data directory ({@link IngressLabCommand#dataDirectory()}: {@code
     * INGRESS_LAB_HOME} or the platform's, a temporary one in tests), made when there is none.
     */
    static LocalCa ca(CommandSpec spec) {
        return LocalCa.loadOrCreate(IngressLabCommand.of(spec).dataDirectory(), LocalCa.defaultOwner());
    }

    @Command(name = "ca", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab tls ca > ca.pem",
                    "  curl --cacert \"$(ingress-lab tls ca --path)\" https://alpaca.example.com:8443/"},
            description = "Print the local CA's certificate as PEM (for curl --cacert), or with --path its file.")
    static final class Ca implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--path", description = "print the path of ca.pem instead of its content")
        boolean path;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                LocalCa ca = ca(spec);
                out.print(path ? ca.certificateFile() + System.lineSeparator() : ca.certificatePem());
                out.flush();
                return ExitCodes.OK;
            } catch (LocalCaException e) {
                spec.commandLine().getErr().println(PREFIX + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab tls issue alpaca.example.com --secret alpaca-tls",
                    "  ingress-lab tls issue \"*.example.com\" -n team-a --context minikube",
                    "  ingress-lab tls issue alpaca.example.com -o json | jq -r .action"},
            description = {"Issue a certificate of the local CA for HOSTs into a TLS Secret.",
                    "The Secret is what kubectl create secret tls makes, with the label",
                    "  app.kubernetes.io/managed-by=ingress-lab",
                    "A Secret of that name that Ingress Lab did not make is never overwritten; ours is renewed when"
                            + " due or when it does not cover the HOSTs."})
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions clusterOptions;

        @Mixin
        OutputOptions output;

        @Parameters(arity = "1..*", paramLabel = "HOST", description = "host names (alpaca.example.com, *.example.com)")
        List<String> hosts;

        @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
                description = "the Secret's namespace, the Ingress's (default: the context's, else default)")
        String namespace;

        @Option(names = "--secret", paramLabel = "NAME",
                description = "the Secret's name, the secretName of the Ingress's tls entry (default: from the"
                        + " first HOST, alpaca-example-com-tls)")
        String secret;

        @Override
        public Integer call() {
            OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                    OutputOptions.Format.yaml); // a usage error before the cluster is asked anything
            return onCluster(spec, clusterOptions, namespace, format, (client, ns) -> {
                LocalCa ca = ca(spec);
                String name = secret != null ? secret : defaultSecretName(hosts.get(0));
                SecretOutcome outcome = new TlsSecretIssuer(client, ca).ensure(ns, name, hosts);
                PrintWriter out = spec.commandLine().getOut();
                if (outcome.action() == SecretOutcome.Action.NOT_OURS) {
                    spec.commandLine().getErr().println(PREFIX + outcome.message());
                    return 1;
                }
                if (format != OutputOptions.Format.text) {
                    OutputOptions.print(out, format, IssuedJson.of(outcome));
                    return ExitCodes.OK;
                }
                out.println(outcome.message());
                // quoted: a bare *.example.com would start a YAML alias
                out.println("use it in the Ingress: spec.tls: [{hosts: [" + outcome.hosts().stream()
                        .map(host -> "'" + host + "'").collect(java.util.stream.Collectors.joining(", "))
                        + "], secretName: " + name + "}]");
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    /** The CA of the data directory (made when there is none), or empty after saying on stderr why it cannot be. */
    static Optional<LocalCa> caOrSay(CommandSpec spec) {
        try {
            return Optional.of(ca(spec));
        } catch (LocalCaException e) {
            spec.commandLine().getErr().println(PREFIX + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code alpaca.example.com} → {@code alpaca-example-com-tls}; {@code *.example.com} → {@code wildcard-…}. */
    static String defaultSecretName(String host) {
        String name = host.toLowerCase(java.util.Locale.ROOT).replace("*", "wildcard").replace('.', '-');
        return name + "-tls";
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab tls show alpaca-tls",
                    "  ingress-lab tls show alpaca-tls --namespace team-a --context minikube",
                    "  ingress-lab tls show alpaca-tls -o json | jq -r .notAfter"},
            description = "Show the certificate of a TLS Secret: subject, names, issuer, validity, SHA-256 fingerprint.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions clusterOptions;

        @Mixin
        OutputOptions output;

        @Parameters(paramLabel = "SECRET", description = "the Secret's name")
        String secret;

        @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "its namespace")
        String namespace;

        @Override
        public Integer call() {
            OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                    OutputOptions.Format.yaml);
            return onCluster(spec, clusterOptions, namespace, format, (client, ns) -> {
                Secret found = client.secrets().inNamespace(ns).withName(secret).get();
                if (found == null) {
                    spec.commandLine().getErr().println(PREFIX + "there is no Secret " + ns + "/" + secret
                            + " (kubectl get secrets -n " + ns + " lists those there are)");
                    return 1;
                }
                TlsCertificate certificate;
                try {
                    certificate = TlsCertificates.fromSecret(found);
                } catch (TlsSecretException e) {
                    spec.commandLine().getErr().println(PREFIX + e.getMessage());
                    return 1;
                }
                PrintWriter out = spec.commandLine().getOut();
                Optional<LocalCa> ca = LocalCa.load(IngressLabCommand.of(spec).dataDirectory());
                boolean ours = ca.isPresent() && ca.get().issued(certificate.leaf());
                Instant now = Instant.now();
                String validity = certificate.isValidAt(now) ? "valid" : now.isAfter(certificate.notAfter())
                        ? "expired" : "not-yet-valid";
                if (format != OutputOptions.Format.text) {
                    OutputOptions.print(out, format, new CertificateJson(ns, secret, certificate.ours(),
                            certificate.subject(), certificate.dnsNames(), certificate.issuer(), ours,
                            certificate.notBefore().toString(), certificate.notAfter().toString(), validity,
                            certificate.sha256Fingerprint(), certificate.chain().size(),
                            certificate.privateKey().getAlgorithm()));
                    return ExitCodes.OK;
                }
                out.println("Secret:      " + ns + "/" + secret + (certificate.ours() ? " (made by Ingress Lab)" : ""));
                out.println("subject:     " + certificate.subject());
                out.println("names:       " + String.join(", ", certificate.dnsNames()));
                out.println("issuer:      " + certificate.issuer() + (ours ? " (this laptop's local CA)" : ""));
                out.println("valid:       " + certificate.notBefore() + " to " + certificate.notAfter()
                        + (certificate.isValidAt(now) ? "" : now.isAfter(certificate.notAfter()) ? " (EXPIRED)"
                        : " (NOT YET VALID)"));
                out.println("SHA-256:     " + certificate.sha256Fingerprint());
                out.println("chain:       " + certificate.chain().size() + " certificate"
                        + (certificate.chain().size() == 1 ? "" : "s") + ", key " + certificate.privateKey()
                        .getAlgorithm());
                out.flush();
                return ExitCodes.OK;
            });
        }
    }

    /**
     * What {@code tls issue -o json|yaml} prints: the Secret and what was done with it. The field names are a
     * published interface: keep them stable. A Secret Ingress Lab did not make prints no document (exit 1, the
     * reason on standard error), as in text.
     *
     * @param namespace the Secret's namespace
     * @param secret    the Secret's name
     * @param action    {@code created}, {@code renewed} (issued again: due, hosts not covered, another CA) or
     *                  {@code current} (left as it is)
     * @param hosts     the hosts asked for, as given
     * @param notAfter  end of validity of the certificate the Secret holds now, ISO-8601 UTC
     * @param message   the one line the text output prints: what was done and why
     * @param tls       the Ingress's {@code spec.tls} entry that uses the Secret
     */
    record IssuedJson(String namespace, String secret, String action, List<String> hosts, String notAfter,
                      String message, IngressTls tls) {

        /** {@code spec.tls[]} of an Ingress (networking.k8s.io/v1 IngressTLS): its hosts and Secret name. */
        record IngressTls(List<String> hosts, String secretName) {
        }

        static IssuedJson of(SecretOutcome outcome) {
            return new IssuedJson(outcome.namespace(), outcome.name(), outcome.action().name()
                    .toLowerCase(java.util.Locale.ROOT), outcome.hosts(), outcome.certificate() == null ? null
                    : outcome.certificate().getNotAfter().toInstant().toString(), outcome.message(),
                    new IngressTls(outcome.hosts(), outcome.name()));
        }
    }

    /**
     * A TLS Secret's certificate as {@code tls show -o json|yaml} prints it. The field names are a published
     * interface: keep them stable.
     *
     * @param namespace       the Secret's namespace
     * @param secret          the Secret's name
     * @param madeByIngressLab the Secret carries our label {@code app.kubernetes.io/managed-by=ingress-lab}
     * @param subject         the leaf's subject, RFC 2253
     * @param names           its subjectAltName DNS names, as written (wildcards included)
     * @param issuer          its issuer, RFC 2253
     * @param issuedByLocalCa this data directory's local CA signed it
     * @param notBefore       start of validity, ISO-8601 UTC
     * @param notAfter        end of validity, ISO-8601 UTC
     * @param validity        {@code valid}, {@code expired} or {@code not-yet-valid}, now
     * @param sha256          the leaf's SHA-256 fingerprint, upper-case hex pairs joined by colons
     * @param chainLength     certificates in {@code tls.crt}, the leaf first
     * @param keyAlgorithm    the private key's algorithm ({@code EC}, {@code RSA})
     */
    record CertificateJson(String namespace, String secret, boolean madeByIngressLab, String subject,
                           List<String> names, String issuer, boolean issuedByLocalCa, String notBefore,
                           String notAfter, String validity, String sha256, int chainLength, String keyAlgorithm) {
    }

    /**
     * Where the local CA is trusted, as {@code tls status -o json|yaml} prints it. The field names are a published
     * interface: keep them stable.
     *
     * @param ca     the CA certificate's file ({@code ca.pem})
     * @param sha256 its SHA-256 fingerprint
     * @param stores every trust store found here, in the order {@code tls trust} changes them (empty: none)
     */
    record TrustStatusJson(String ca, String sha256, List<StoreJson> stores) {
    }

    /**
     * One trust store in {@link TrustStatusJson}.
     *
     * @param store  what and where ({@code Linux system store (/usr/local/share/ca-certificates)})
     * @param state  {@code trusted}, {@code not-trusted}, {@code needs-privilege} or {@code failed}
     * @param detail what was found, or why it cannot be told and what to do; may be empty
     */
    record StoreJson(String store, String state, String detail) {
        static StoreJson of(TrustStep step) {
            return new StoreJson(step.store(), step.state().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-'), step.detail());
        }
    }

    /** What {@code trust}, {@code untrust} and {@code status} share: the CA, every store, one line each. */
    abstract static class TrustAction implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        abstract TrustStep apply(TrustStore store, LocalCa ca);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<LocalCa> loaded = caOrSay(spec);
            if (loaded.isEmpty()) {
                return 1;
            }
            LocalCa ca = loaded.get();
            out.println("local CA " + ca.certificateFile() + " (SHA-256 " + ca.fingerprint() + ")");
            List<TrustStore> stores = TrustStores.ofThisMachine();
            if (stores.isEmpty()) {
                out.println("no trust store found that Ingress Lab can change here; give curl the CA: curl --cacert '"
                        + ca.certificateFile() + "' …");
            }
            boolean failed = false;
            for (TrustStore store : stores) {
                TrustStep step = apply(store, ca);
                out.println("  " + step.line());
                if (step.state() == TrustStep.State.NEEDS_PRIVILEGE) {
                    step.commands().forEach(command -> out.println("      " + ShellWords.command(command)));
                }
                failed |= step.state() == TrustStep.State.FAILED || step.state() == TrustStep.State.NEEDS_PRIVILEGE;
            }
            out.flush();
            return failed ? 1 : ExitCodes.OK;
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab tls trust",
                    "  ingress-lab tls status    what it changed"},
            description = "Add the local CA to this laptop's trust stores (macOS login keychain; Linux system store;"
                    + " Firefox and Chromium NSS databases when certutil is installed).")
    static final class Trust extends TrustAction {
        @Override
        TrustStep apply(TrustStore store, LocalCa ca) {
            return store.trust(ca);
        }
    }

    @Command(name = "untrust", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab tls untrust"}, description = "Remove the local CA from the trust"
            + " stores `tls trust` added it to.")
    static final class Untrust extends TrustAction {
        @Override
        TrustStep apply(TrustStore store, LocalCa ca) {
            return store.untrust(ca);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            footerHeading = Conventions.EXAMPLES_HEADING,
            footer = {
                    "  ingress-lab tls status",
                    "  ingress-lab tls status -o json | jq -r '.stores[] | .store + \": \" + .state'"},
            description = "Say where the local CA is trusted.")
    static final class Status extends TrustAction {
        @Mixin
        OutputOptions output;

        @Override
        TrustStep apply(TrustStore store, LocalCa ca) {
            return store.status(ca);
        }

        @Override
        public Integer call() {
            OutputOptions.Format format = output.format(spec, OutputOptions.Format.text, OutputOptions.Format.json,
                    OutputOptions.Format.yaml);
            if (format == OutputOptions.Format.text) {
                super.call();
                return ExitCodes.OK; // a CA not trusted is a state, not an error
            }
            Optional<LocalCa> loaded = caOrSay(spec);
            if (loaded.isEmpty()) {
                return 1;
            }
            LocalCa ca = loaded.get();
            OutputOptions.print(spec.commandLine().getOut(), format, new TrustStatusJson(
                    ca.certificateFile().toString(), ca.fingerprint(), TrustStores.ofThisMachine().stream()
                    .map(store -> StoreJson.of(store.status(ca))).toList()));
            return ExitCodes.OK;
        }
    }

    /**
     * Runs {@code action} on the cluster of the options, after saying which it is; the refusals as exit codes. With
     * {@code format} json or yaml, which cluster it is goes to standard error, so the data is alone on standard out.
     */
    private static int onCluster(CommandSpec spec, ClusterOptions options, String namespace,
                                 OutputOptions.Format format, ClusterAction action) {
        ClusterTarget target;
        try {
            target = options.target();
        } catch (ContextNotFoundException e) {
            spec.commandLine().getErr().println(PREFIX + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (Exception e) {
            spec.commandLine().getErr().println(PREFIX + "cannot read the kubeconfig: " + e.getMessage());
            return UpCommand.CLUSTER_UNAVAILABLE;
        }
        String ns = namespace != null ? namespace
                : Optional.ofNullable(target.config().getNamespace()).orElse("default");
        PrintWriter out = format == OutputOptions.Format.text ? spec.commandLine().getOut()
                : spec.commandLine().getErr();
        out.println(target.describe()); // before anything is written: which cluster this acts on
        out.flush();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(target.config()).build()) {
            return action.run(client, ns);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(PREFIX + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (LocalCaException e) {
            spec.commandLine().getErr().println(PREFIX + e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            spec.commandLine().getErr().println(PREFIX + "the cluster of context " + target.context().name()
                    + " refused: " + ClusterErrors.describe(e, target.context()));
            return UpCommand.CLUSTER_UNAVAILABLE;
        }
    }

    @FunctionalInterface
    private interface ClusterAction {
        int run(KubernetesClient client, String namespace);
    }
}
