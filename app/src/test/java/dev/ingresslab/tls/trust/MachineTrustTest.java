package dev.ingresslab.tls.trust;

import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.tls.TlsCertificates;
import dev.ingresslab.tls.local.IssuedCertificate;
import dev.ingresslab.tls.local.LocalCa;
import dev.ingresslab.translate.Diagnostic;
import dev.ingresslab.translate.InputKind;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The "CA this laptop does not trust" diagnostic through the real compiler: certificates of the local CA against a
 * temporary Linux anchors folder and a real NSS database made by the test, and a user's CA against a temporary
 * system bundle; the stores are read once per change of their files, never per compile.
 */
class MachineTrustTest {

    @TempDir
    Path dir;

    private LocalCa ca;
    private Path anchors;
    private Path bundle;

    @BeforeEach
    void setUp() throws Exception {
        ca = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("data")), "test@host");
        anchors = Files.createDirectories(dir.resolve("anchors"));
        LocalCa publicRoot = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("public-root")), "root@public");
        bundle = Files.writeString(dir.resolve("ca-certificates.crt"), publicRoot.certificatePem());
    }

    private LinuxSystemStore systemStore() {
        return new LinuxSystemStore("test", anchors, List.of("/bin/sh", "-c", "true"));
    }

    private static Ingress alpaca() {
        return new IngressBuilder().withNewMetadata().withNamespace("default").withName("alpaca").endMetadata()
                .withNewSpec().addNewTl().withHosts("alpaca.example.com").withSecretName("alpaca-tls").endTl()
                .addNewRule().withHost("alpaca.example.com").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName("alpaca").withNewPort()
                .withNumber(8080).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
    }

    private static Secret tlsSecret(String certificatePem, String keyPem) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new SecretBuilder().withNewMetadata().withNamespace("default").withName("alpaca-tls").endMetadata()
                .withType(TlsCertificates.TLS_TYPE).withData(Map.of(
                        TlsCertificates.CERT_KEY, base64.encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)),
                        TlsCertificates.KEY_KEY, base64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII))))
                .build();
    }

    private Secret ofLocalCa() {
        IssuedCertificate issued = ca.issue(List.of("alpaca.example.com"));
        return tlsSecret(issued.certificatePem(), issued.keyPem());
    }

    private static Translation compile(MachineTrust trust, Secret secret) {
        return new IngressTranslator(TranslatorSettings.defaults(), trust).translate(new TranslationInput(
                List.of(alpaca()), List.of(), List.of(), List.of(), List.of(secret),
                EnumSet.of(InputKind.INGRESS_CLASS, InputKind.SECRET)));
    }

    private static List<Diagnostic> notTrusted(Translation translation) {
        return translation.diagnostics().stream().filter(d -> d.reason().equals("TLSCertificateNotTrusted")).toList();
    }

    @Test
    void theLocalCaNotInTheSystemStoreIsOneWarningAtTheSecretNameWithTheFixAndExplainSaysSo() {
        MachineTrust trust = MachineTrust.load(ca.certificateFile().getParent(), () -> List.of(systemStore()),
                List.of(bundle));

        Translation translation = compile(trust, ofLocalCa());

        List<Diagnostic> found = notTrusted(translation);
        assertThat(found).hasSize(1);
        Diagnostic diagnostic = found.get(0);
        assertThat(diagnostic.severity()).isEqualTo(Diagnostic.Severity.WARNING);
        assertThat(diagnostic.field()).isEqualTo("spec.tls[0].secretName");
        assertThat(diagnostic.message()).contains("Ingress Lab's local CA (SHA-256 " + ca.fingerprint() + ")")
                .contains("Linux system store (" + anchors + ") does not trust yet")
                .contains("run `./ingress-lab tls trust`");
        String explained = String.join("\n", new Explainer(translation.table())
                .explain(SimpleRequest.get("http://alpaca.example.com/")).notes());
        assertThat(explained).contains("tls: alpaca.example.com is served on https")
                .contains("run `./ingress-lab tls trust`");
    }

    @Test
    void theLocalCaTrustedInEveryStoreGivesNoWarningAndTrustIsSeenAfterTheStoreChanges() throws Exception {
        LinuxSystemStore store = systemStore();
        MachineTrust trust = MachineTrust.load(ca.certificateFile().getParent(), () -> List.of(store), List.of(bundle));
        Secret secret = ofLocalCa();
        assertThat(notTrusted(compile(trust, secret))).hasSize(1);

        assertThat(store.trust(ca).state()).isEqualTo(TrustStep.State.TRUSTED);
        compile(trust, secret); // sees the anchors folder changed: reads the store again, off this thread
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!notTrusted(compile(trust, secret)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(notTrusted(compile(trust, secret))).as("trusted: no diagnostic").isEmpty();
    }

    @Test
    void theStoresAreReadOncePerChangeOfTheirFilesNotPerCompile() {
        AtomicInteger statusCalls = new AtomicInteger();
        LinuxSystemStore real = systemStore();
        TrustStore counting = new TrustStore() {
            public String name() { return real.name(); }
            public boolean present() { return true; }
            public List<Path> files() { return real.files(); }
            public TrustStep status(LocalCa c) { statusCalls.incrementAndGet(); return real.status(c); }
            public TrustStep trust(LocalCa c) { return real.trust(c); }
            public TrustStep untrust(LocalCa c) { return real.untrust(c); }
        };
        MachineTrust trust = MachineTrust.load(ca.certificateFile().getParent(), () -> List.of(counting),
                List.of(bundle));
        Secret secret = ofLocalCa();

        for (int i = 0; i < 20; i++) {
            assertThat(notTrusted(compile(trust, secret))).hasSize(1);
        }

        assertThat(statusCalls.get()).as("one read at load, none per compile").isEqualTo(1);
    }

    @Test
    void anNssDatabaseWithoutTheCaIsNamedAndCertutilAddingItEndsTheWarning() throws Exception {
        Path certutil = Commands.onPath("certutil");
        assumeThat(certutil).as("certutil (libnss3-tools) is installed").isNotNull();
        Path db = Files.createDirectories(dir.resolve("nssdb"));
        Process init = new ProcessBuilder(certutil.toString(), "-N", "-d", "sql:" + db, "--empty-password")
                .redirectErrorStream(true).start();
        init.getInputStream().readAllBytes();
        assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
        NssStore nss = new NssStore("test profile", db, certutil);
        Path dataDirectory = ca.certificateFile().getParent();
        Secret secret = ofLocalCa();

        List<Diagnostic> before = notTrusted(compile(MachineTrust.load(dataDirectory, () -> List.of(nss),
                List.of(bundle)), secret));
        assertThat(nss.trust(ca).state()).isEqualTo(TrustStep.State.TRUSTED);
        List<Diagnostic> after = notTrusted(compile(MachineTrust.load(dataDirectory, () -> List.of(nss),
                List.of(bundle)), secret));

        assertThat(before).hasSize(1);
        assertThat(before.get(0).message()).contains("NSS test profile does not trust yet");
        assertThat(after).isEmpty();
    }

    @Test
    void aUsersCaIsJudgedByTheSystemBundle() throws Exception {
        LocalCa usersCa = LocalCa.loadOrCreate(Files.createDirectories(dir.resolve("users-ca")), "user@elsewhere");
        IssuedCertificate issued = usersCa.issue(List.of("alpaca.example.com"));
        Secret secret = tlsSecret(issued.certificatePem(), issued.keyPem());
        Path dataDirectory = ca.certificateFile().getParent();

        List<Diagnostic> unknown = notTrusted(compile(MachineTrust.load(dataDirectory, List::of, List.of(bundle)),
                secret));
        Files.writeString(bundle, usersCa.certificatePem(), java.nio.file.StandardOpenOption.APPEND);
        List<Diagnostic> known = notTrusted(compile(MachineTrust.load(dataDirectory, List::of, List.of(bundle)),
                secret));
        List<Diagnostic> noBundle = notTrusted(compile(MachineTrust.load(dataDirectory, List::of,
                List.of(dir.resolve("none.crt"))), secret));

        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).message()).contains("not among this machine's trusted roots (" + bundle + ")")
                .contains("./ingress-lab tls issue");
        assertThat(known).as("its root is in the bundle").isEmpty();
        assertThat(noBundle).as("nothing to judge by: nothing said").isEmpty();
    }
}
