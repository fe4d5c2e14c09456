package dev.ingresslab.cluster;

import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.tls.TestCertificates;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller compiles and tells its observers, in order, once per table; it calls nothing else itself. */
@EnableKubernetesMockClient(crud = true)
class ClusterObserversTest {

    KubernetesClient client;

    @Test
    void everyObserverSeesEveryTableOnceInOrderAndAFailingOneStopsNoOther() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<Translation> seen = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ClusterObserver first = change -> {
            seen.add(change.translation());
            calls.add("first " + seen.size());
        };
        ClusterObserver failing = change -> {
            calls.add("failing " + seen.size());
            throw new IllegalStateException("observer broke");
        };
        ClusterObserver last = change -> calls.add("last " + seen.size());
        ClusterListener listener = new ClusterListener() {
            @Override
            public void applied(Translation translation) {
            }

            @Override
            public void failed(Throwable problem) {
                failures.add(problem);
            }
        };
        client.network().v1().ingresses().inNamespace("default").resource(TestIngress.named("alpaca")
                .tls("alpaca-tls", "alpaca.example.com").rule("alpaca.example.com", p -> p.prefix("/", "alpaca"))
                .build()).create();

        try (ClusterController controller = ClusterController.start(client, WatchScope.allNamespaces(),
                RouteCompiler.standard(TranslatorSettings.defaults()), List.of(first, failing, last), null, listener)) {
            await(() -> !seen.isEmpty());
            assertThat(seen.get(seen.size() - 1).table().certificateFor("alpaca.example.com")).isEmpty();

            Secret secret = TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com");
            client.secrets().inNamespace("default").resource(secret).create();
            // a Secret change reaches the table the SNI key manager reads, as a route change does
            await(() -> seen.get(seen.size() - 1).table().certificateFor("alpaca.example.com").isPresent());
            // the first observer has seen the table; the others hear of it after it, on the controller's thread
            await(() -> calls.size() == 3 * seen.size() && failures.size() == seen.size());

            int tables = seen.size();
            List<String> expected = new java.util.ArrayList<>();
            for (int i = 1; i <= tables; i++) {
                expected.addAll(List.of("first " + i, "failing " + i, "last " + i));
            }
            assertThat(calls).containsExactlyElementsOf(expected);
            assertThat(failures).hasSize(tables).allSatisfy(e -> assertThat(e).hasMessage("observer broke"));
        }
    }

    @Test
    void theStandardObserversSwapBetweenTellingTheSessionAndWriteNothingWhileNotAllowed() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ClusterChange change = change();
        try (var journal = new dev.ingresslab.proxy.RequestJournal(10)) {
            var proxy = dev.ingresslab.proxy.ProxyServer.start(dev.ingresslab.proxy.ProxySettings.defaults()
                    .withBindAddresses(List.of("127.0.0.1")).withHttpPort(0).withIoThreads(1), null,
                    dev.ingresslab.route.RouteTable.empty(), new dev.ingresslab.proxy.DirectConnector(), journal);
            try {
                ClusterListener listener = new ClusterListener() {
                    @Override
                    public void translated(Translation translation) {
                        calls.add("translated, in force: " + (proxy.table() == translation.table()));
                    }

                    @Override
                    public void applied(Translation translation) {
                        calls.add("applied, in force: " + (proxy.table() == translation.table()));
                    }
                };
                List<ClusterObserver> observers = ClusterObserver.standard(proxy, null, null, () -> false, listener);
                observers.forEach(observer -> observer.onChange(change));

                assertThat(observers).hasSize(3); // no status writer nor Event recorder given
                assertThat(calls).containsExactly("translated, in force: false", "applied, in force: true");
            } finally {
                proxy.close();
            }
        }
    }

    private static ClusterChange change() {
        return new ClusterChange(new ClusterSnapshot(List.of(), List.of(), List.of(), List.of(), List.of(), true),
                RouteCompiler.standard(TranslatorSettings.defaults()).compile(
                        dev.ingresslab.translate.TranslationInput.ofCluster(List.of(), List.of(), List.of(), List.of(),
                                List.of())), delay -> { });
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 20 s");
            }
            Thread.sleep(20);
        }
    }
}
