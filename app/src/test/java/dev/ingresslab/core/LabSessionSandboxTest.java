package dev.ingresslab.core;

import dev.ingresslab.cluster.KubeContext;
import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.SimpleRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@link LabSession} on a throwaway sandbox with the chapter's samples: its snapshot, events, journal, explain,
 * YAML and sample operations, checked as values (no printed text). One sandbox for the class: it takes seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabSessionSandboxTest {

    @TempDir
    static Path data;

    private final List<SessionEvent> startEvents = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LabSession session;

    @BeforeAll
    void start() throws Exception {
        SessionOptions options = SessionOptions.defaults().withDataDirectory(data)
                .withProxy(ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0));
        session = LabSession.start(new Source.Sandbox(true), options, startEvents::add);
        assertThat(session.initialSubscription()).isPresent();
        assertThat(session.initialSubscription().get().awaitDelivered(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void theSnapshotShowsTheChaptersRoutesWithTheirOriginsAndTheConnection() {
        SessionSnapshot now = session.current();
        SessionSnapshot.Connection connection = now.connection();
        assertThat(connection.source()).isEqualTo(SessionSnapshot.SourceKind.SANDBOX);
        assertThat(connection.state()).isEqualTo(SessionSnapshot.State.RUNNING);
        assertThat(connection.clusterKind()).contains(KubeContext.Kind.SANDBOX);
        assertThat(connection.context()).startsWith(KubeContext.SANDBOX_CONTEXT);
        assertThat(connection.apiServer()).contains("://127.0.0.1:");
        assertThat(connection.httpPort()).isPositive();
        assertThat(connection.listening()).isNotEmpty();
        assertThat(connection.leader()).isTrue();
        assertThat(connection.connector()).isEqualTo("direct");
        assertThat(connection.disconnectedSince()).isEmpty();

        SessionSnapshot.RouteView alpaca = now.routes().stream()
                .filter(route -> route.host().equals("alpaca.example.com")).findFirst().orElseThrow();
        assertThat(alpaca.path()).isEqualTo("/");
        assertThat(alpaca.pathType()).isEqualTo("Prefix");
        assertThat(alpaca.backend()).isEqualTo("alpaca:8080");
        assertThat(alpaca.endpointsReady()).isPositive();
        assertThat(alpaca.endpointsTotal()).isGreaterThanOrEqualTo(alpaca.endpointsReady());
        assertThat(alpaca.origin().objectName()).isEqualTo("default/host-ingress");
        assertThat(alpaca.origin().ruleIndex()).isZero();
        assertThat(alpaca.location()).as("a cluster's objects have no file").isEmpty();
        assertThat(alpaca.warnings()).isEmpty();
        assertThat(now.routes()).anySatisfy(route -> {
            assertThat(route.host()).isEqualTo("bandicoot.example.com");
            assertThat(route.path()).isEqualTo("/a/");
            assertThat(route.origin().pathIndex()).isEqualTo(1);
        });
    }

    @Test
    void theStartIsSaidAsEventsInOrder() {
        List<SessionEvent> started = started();
        assertThat(started).first().isInstanceOf(SessionEvent.Notice.class)
                .extracting(SessionEvent::text).asString().startsWith("sandbox cluster: API server");
        assertThat(started).filteredOn(SessionEvent.SampleStarted.class::isInstance)
                .extracting(event -> ((SessionEvent.SampleStarted) event).step())
                .containsExactly("services", "host", "path");
        assertThat(started).filteredOn(SessionEvent.DeploymentProgress.class::isInstance)
                .anySatisfy(event -> assertThat(((SessionEvent.DeploymentProgress) event).available())
                        .isEqualTo(((SessionEvent.DeploymentProgress) event).wanted()));
        assertThat(started).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                SessionEvent.LeadershipChanged.class, leadership -> assertThat(leadership.held()).isTrue()));
        assertThat(started).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                SessionEvent.RoutesApplied.class, applied -> assertThat(applied.translation().table().allRoutes())
                        .isNotEmpty()));
        int lastSample = lastIndexOf(SessionEvent.SampleProgress.class);
        int firstRoutes = firstIndexOf(SessionEvent.RoutesApplied.class);
        assertThat(lastSample).as("the samples are ready before the controller starts").isLessThan(firstRoutes);
    }

    @Test
    void requestsReachTheJournalInBatchesWithTheRuleThatTookThem() throws Exception {
        List<SessionJournal.Batch> batches = new CopyOnWriteArrayList<>();
        try (Subscription journal = session.journal().subscribe(Duration.ofMillis(50), batches::add)) {
            for (int i = 0; i < 5; i++) {
                assertThat(get("bandicoot.example.com", "/a/" + i).statusCode()).isEqualTo(200);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records(batches).size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(journal.awaitDelivered(Duration.ofSeconds(10))).isTrue();
        }
        List<RequestRecord> records = records(batches);
        assertThat(records).hasSize(5).allSatisfy(record -> {
            assertThat(record.host()).isEqualTo("bandicoot.example.com");
            assertThat(record.route()).contains("default/path-ingress rule 0 path 1");
            assertThat(record.status()).isEqualTo(200);
        });
        assertThat(batches).as("batched, not one call per request").hasSizeLessThanOrEqualTo(5)
                .allSatisfy(batch -> assertThat(batch.dropped()).isZero());
        assertThat(session.journal().recent(5)).extracting(RequestRecord::target)
                .containsExactly("/a/0", "/a/1", "/a/2", "/a/3", "/a/4");
    }

    @Test
    void explainsOnTheTableInForce() {
        Decision decision = session.explain(SimpleRequest.get("http://bandicoot.example.com/a/x"));
        assertThat(decision.route().origin().display()).isEqualTo("default/path-ingress rule 0 path 1");
        Decision other = session.explain(SimpleRequest.get("http://nobody.example.com/"));
        assertThat(other.route()).as("be-default takes unknown hosts").isNotNull();
        assertThat(other.route().backend().service()).isEqualTo("be-default");
    }

    @Test
    void givesTheIngressYamlWithTheLinesOfARule() {
        SessionSnapshot.RouteView route = session.current().routes().stream()
                .filter(view -> view.path().equals("/a/")).findFirst().orElseThrow();
        IngressYaml yaml = session.ingressYaml("default", "path-ingress").orElseThrow();
        assertThat(yaml.text()).contains("kind: Ingress").doesNotContain("managedFields")
                .doesNotContain("last-applied-configuration");
        IngressYaml.LineRange lines = yaml.linesOf(route.origin()).orElseThrow();
        List<String> highlighted = yaml.text().lines().toList().subList(lines.first() - 1, lines.last());
        assertThat(String.join("\n", highlighted)).contains("/a/").contains("alpaca").doesNotContain("path: /\n");
        assertThat(session.ingressYaml("default", "no-such-ingress")).isEmpty();
    }

    @Test
    void appliesAndDeletesAStepWithProgressEvents() throws Exception {
        List<SessionEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription events = session.events().subscribe(seen::add)) {
            SampleOutcome applied = session.applySample("rewrite", Duration.ofSeconds(20));
            assertThat(applied.succeeded()).isTrue();
            assertThat(applied.objects()).anyMatch(line -> line.startsWith("applied Ingress default/"));
            awaitRoute(route -> route.route().rewriteTarget() != null, true);

            SampleOutcome deleted = session.deleteSample("rewrite");
            assertThat(deleted.succeeded()).isTrue();
            assertThat(deleted.objects()).allMatch(line -> line.startsWith("deleted "));
            awaitRoute(route -> route.route().rewriteTarget() != null, false);
            events.awaitDelivered(Duration.ofSeconds(10));
        }
        assertThat(seen).filteredOn(SessionEvent.SampleFinished.class::isInstance).hasSize(2);
        assertThat(seen).anySatisfy(event -> assertThat(event).isInstanceOf(SessionEvent.RoutesApplied.class));
    }

    /**
     * The Gateway API's first step holds a GatewayClass, cluster-scoped like an IngressClass: sent with the default
     * namespace, the sandbox left the request unanswered and the step (the window's Samples, {@code samples deploy})
     * hung until the client's timeout.
     */
    @Test
    void theGatewayStepAppliesItsClusterScopedGatewayClassWithoutANamespace() throws Exception {
        try {
            SampleOutcome applied = session.applySample("gateway", Duration.ofSeconds(20));
            assertThat(applied.succeeded()).as(applied.toString()).isTrue();
            assertThat(applied.objects()).contains("applied GatewayClass ingress-lab",
                    "applied Gateway default/lab-gateway");
            assertThat(applied.took()).isLessThan(Duration.ofSeconds(10));
        } finally {
            session.deleteSample("gateway");
        }
    }

    /** Its sibling: the namespaces step's Namespace, cluster-scoped, goes without one; its other objects in team-a. */
    @Test
    void theNamespacesStepAppliesItsNamespaceWithoutANamespace() throws Exception {
        try {
            SampleOutcome applied = session.applySample("namespaces", Duration.ofSeconds(30));
            assertThat(applied.succeeded()).as(applied.toString()).isTrue();
            assertThat(applied.objects()).contains("applied Namespace team-a", "applied Deployment team-a/alpaca");
        } finally {
            session.deleteSample("namespaces");
        }
    }

    @Test
    void aMistakeGivesTheApiServersMessageAndTheFixAndStoresNothing() throws Exception {
        SampleOutcome field = session.applySample("mistakes/simple-ingress-spec-service.yaml", Duration.ofSeconds(5));
        assertThat(field.succeeded()).as("refused, as the chapter shows").isTrue();
        assertThat(field.apiServerMessage()).hasValueSatisfying(message -> assertThat(message)
                .contains("strict decoding error").contains("spec.service"));
        assertThat(field.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("spec.defaultBackend.service"));

        SampleOutcome kind = session.applySample("mistakes/simple-ingress-lowercase-kind.yaml", Duration.ofSeconds(5));
        assertThat(kind.apiServerMessage()).hasValueSatisfying(message -> assertThat(message).contains("ingress"));
        assertThat(kind.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("Ingress"));
        assertThat(session.ingressYaml("default", "simple-ingress")).as("nothing was stored").isEmpty();
    }

    @Test
    void anUnknownStepSaysWhichExist() {
        assertThatThrownBy(() -> session.applySample("hots", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host")
                .hasMessageContaining("mistakes/simple-ingress-spec-service.yaml");
    }

    /**
     * The start's events: the start's listener also hears the sample operations the other tests run once it is up,
     * so they are cut at the first sample operation begun after the first routes were applied.
     */
    private List<SessionEvent> started() {
        List<SessionEvent> all = List.copyOf(startEvents);
        boolean routes = false;
        for (int i = 0; i < all.size(); i++) {
            routes |= all.get(i) instanceof SessionEvent.RoutesApplied;
            if (routes && all.get(i) instanceof SessionEvent.SampleStarted) {
                return all.subList(0, i);
            }
        }
        return all;
    }

    private void awaitRoute(java.util.function.Predicate<SessionSnapshot.RouteView> which, boolean present)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (session.current().routes().stream().anyMatch(which) != present && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(session.current().routes().stream().anyMatch(which)).isEqualTo(present);
    }

    private HttpResponse<String> get(String host, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.current().connection()
                        .httpPort() + path)).header("Host", host).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<RequestRecord> records(List<SessionJournal.Batch> batches) {
        return batches.stream().flatMap(batch -> batch.records().stream()).toList();
    }

    private int firstIndexOf(Class<?> type) {
        List<SessionEvent> started = started();
        for (int i = 0; i < started.size(); i++) {
            if (type.isInstance(started.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private int lastIndexOf(Class<?> type) {
        List<SessionEvent> started = started();
        for (int i = started.size() - 1; i >= 0; i--) {
            if (type.isInstance(started.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
