package dev.ingresslab.core.hosts;

import dev.ingresslab.core.ClusterTarget;
import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.proxy.ProxySettings;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #15 §6: the block follows the served hosts while a session on the sandbox runs (what {@code up} and {@code demo}
 * do with the offer taken): Ingresses applied and deleted through the API server, a burst costing one write, a
 * refused change not asked again for the same names, the block removed on exit.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostsKeeperTest {

    private static final String ORIGINAL = "127.0.0.1 localhost\n# keep me\n";
    private static final Duration DEBOUNCE = Duration.ofMillis(1500);

    @TempDir
    static Path data;
    private static LabSession session;
    private static KubernetesClient kubectl;

    @TempDir
    Path dir;
    private HostsKeeper keeper;
    private final List<String> said = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void sandbox() throws Exception {
        session = LabSession.start(new Source.Sandbox(false), SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withHttpPort(0)));
        kubectl = new KubernetesClientBuilder().withConfig(ClusterTarget.read(session.kubeconfig().orElseThrow(),
                null)).build();
    }

    @AfterAll
    static void stop() {
        kubectl.close();
        session.close();
    }

    @AfterEach
    void deleteIngresses() throws Exception {
        if (keeper != null) {
            keeper.close();
        }
        kubectl.network().v1().ingresses().inNamespace("default").delete();
        await(() -> session.current().routes().isEmpty(), "the routes follow the deletions");
    }

    @Test
    void aBurstOfAppliesIsOneWriteADeletionAnotherAndTheExitRemovesTheBlock() throws Exception {
        Path hosts = hostsFile();
        keeper = new HostsKeeper(session::wantedHosts, new HostsAccess(hosts, Optional.empty()), DEBOUNCE,
                said::add);
        var following = keeper.follow(session);
        keeper.keep(HostsKeeper.Consent.ALWAYS);

        for (String name : List.of("alpaca", "bandicoot", "capybara")) {
            apply(name);
        }
        await(() -> Files.readString(hosts).contains("capybara.example.com"), "the burst is written");
        await(() -> keeper.writes() >= 1, "the burst's write counted"); // once the store returned, after the file
        Thread.sleep(DEBOUNCE.multipliedBy(2).toMillis()); // any later write would come within this
        assertThat(keeper.writes()).as("one write for the burst: %s", said).isEqualTo(1);
        assertThat(Files.readString(hosts)).startsWith(ORIGINAL).contains("127.0.0.1 alpaca.example.com",
                "::1 bandicoot.example.com", "127.0.0.1 capybara.example.com");
        assertThat(said).anyMatch(line -> line.contains(hosts + ": added alpaca.example.com, bandicoot.example.com,"
                + " capybara.example.com"));

        kubectl.network().v1().ingresses().inNamespace("default").withName("bandicoot").delete();
        await(() -> !Files.readString(hosts).contains("bandicoot"), "the deletion is written");
        // the keeper counts a write once the store returned, a moment after the file changed
        await(() -> keeper.writes() >= 2, "the deletion's write counted");
        assertThat(keeper.writes()).isEqualTo(2);
        assertThat(Files.readString(hosts)).contains("alpaca.example.com", "capybara.example.com");

        following.close();
        assertThat(keeper.cleanOnExit(HostsKeeper.Consent.ALWAYS, Duration.ofSeconds(10))).isTrue();
        assertThat(Files.readString(hosts)).as("the file as it was").isEqualTo(ORIGINAL);
    }

    @Test
    void aRefusedChangeIsNotAskedAgainUntilTheNamesChange() throws Exception {
        Path hosts = hostsFile();
        AtomicInteger asked = new AtomicInteger();
        List<List<String>> asks = new CopyOnWriteArrayList<>();
        keeper = new HostsKeeper(session::wantedHosts, new HostsAccess(hosts, Optional.empty()), DEBOUNCE,
                said::add);
        var following = keeper.follow(session);
        keeper.keep(change -> {
            asks.add(change.added());
            return asked.incrementAndGet() > 1; // no the first time, yes after
        });

        apply("alpaca");
        await(() -> asked.get() == 1, "asked once");
        await(() -> said.stream().anyMatch(line -> line.startsWith("left " + hosts + " as it is")), "said after no");
        // the same names again: an Ingress of another name for the same host
        apply("alpaca-again", "alpaca");
        Thread.sleep(DEBOUNCE.multipliedBy(2).toMillis());
        assertThat(asked.get()).as("the same set of names is not asked again").isEqualTo(1);
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL);

        apply("bandicoot");
        await(() -> Files.readString(hosts).contains("bandicoot.example.com"), "a new set is asked, and written");
        assertThat(asks).containsExactly(List.of("alpaca.example.com"),
                List.of("alpaca.example.com", "bandicoot.example.com"));
        following.close();
        assertThat(keeper.cleanOnExit(change -> false, Duration.ofSeconds(10))).as("declined at exit").isFalse();
        assertThat(Files.readString(hosts)).contains("bandicoot.example.com");
    }

    private Path hostsFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        return Files.writeString(folder.resolve("hosts"), ORIGINAL);
    }

    private static void apply(String name) {
        apply(name, name);
    }

    private static void apply(String name, String host) {
        Ingress ingress = new IngressBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewRule().withHost(host + ".example.com").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName("web").withNewPort()
                .withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
        kubectl.network().v1().ingresses().inNamespace("default").resource(ingress).create();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.holds()) {
            assertThat(System.nanoTime()).as("%s; the keeper said %s", what, said).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
