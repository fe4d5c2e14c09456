package dev.ingresslab.control;

import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control endpoint of a running instance: its file, who it refuses, what it serves, and stale files. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlServerTest {

    @TempDir
    Path dir;
    private Path data;
    private LiveInstance instance;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final ExplainQuery.Renderer ECHO = (session, query) -> {
        if (query.urls().isEmpty()) {
            throw new IllegalArgumentException("give the URLs to explain");
        }
        return new ExplainQuery.Answer("explained " + query.urls() + " as " + query.format() + " on "
                + session.current().routes().size() + " routes", List.of("a note"));
    };

    @BeforeEach
    void start() throws Exception {
        data = dir.resolve("data");
        instance = LiveInstance.start(dir, data, "web.example.com", ECHO);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    private HttpResponse<String> raw(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + instance.control().file().port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String bearer() {
        return "Bearer " + instance.control().file().token();
    }

    @Test
    void theControlFileIsOwnerOnlyNamesTheInstanceAndGoesAwayOnClose() throws Exception {
        Path file = instance.control().path();
        assertThat(file.getParent()).isEqualTo(data.resolve("run/control"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        ControlFile read = ControlJson.MAPPER.readValue(Files.readString(file), ControlFile.class);
        assertThat(read).isEqualTo(instance.control().file());
        assertThat(read.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(read.httpPort()).isEqualTo(instance.httpPort());
        assertThat(read.token()).hasSize(43); // 32 random bytes, base64url without padding
        assertThat(read.what()).isEqualTo("serve on port " + instance.httpPort());
        assertThat(Files.list(file.getParent())).as("no temporary file is left beside it").containsExactly(file);

        instance.control().close();

        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> raw("/v1/routes", "Authorization", bearer())).hasCauseInstanceOf(
                ConnectException.class).isInstanceOf(ConnectException.class);
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(instance.control().address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(instance.control().address().getPort()).isEqualTo(instance.control().file().port());
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedWith401AndWhatToDo() throws Exception {
        HttpResponse<String> none = raw("/v1/routes");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer"));
        assertThat(none.body()).contains("no token").contains("Authorization: Bearer TOKEN");

        HttpResponse<String> wrong = raw("/v1/requests", "Authorization", "Bearer not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("wrong token");
        assertThat(wrong.body()).doesNotContain(instance.control().file().token());

        HttpResponse<String> basic = raw("/v1/instance", "Authorization", "Basic "
                + instance.control().file().token());
        assertThat(basic.statusCode()).as("the token only as a bearer token").isEqualTo(401);
    }

    @Test
    void aForeignHostOrAWebPagesRequestIsRefusedWith403EvenWithTheToken() throws Exception {
        HttpResponse<String> rebound = raw("/v1/routes", "Authorization", bearer(), "Host",
                "attacker.example:" + instance.control().file().port());
        assertThat(rebound.statusCode()).isEqualTo(403);
        assertThat(rebound.body()).contains("attacker.example").contains("not a loopback name");

        HttpResponse<String> lookalike = raw("/v1/routes", "Authorization", bearer(), "Host", "127.0.0.1.nip.io");
        assertThat(lookalike.statusCode()).isEqualTo(403);

        HttpResponse<String> page = raw("/v1/routes", "Authorization", bearer(), "Origin", "http://attacker.example");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("requests from web pages");

        HttpResponse<String> crossSite = raw("/v1/routes", "Authorization", bearer(), "Sec-Fetch-Site",
                "cross-site");
        assertThat(crossSite.statusCode()).isEqualTo(403);

        HttpResponse<String> localhost = raw("/v1/instance", "Authorization", bearer(), "Host",
                "localhost:" + instance.control().file().port());
        assertThat(localhost.statusCode()).as("localhost is a loopback name").isEqualTo(200);
    }

    @Test
    void servesTheRoutesInForce() throws Exception {
        RoutesAnswer answer = new ControlClient(instance.control().file()).routes();

        assertThat(answer.state()).isEqualTo("RUNNING");
        assertThat(answer.instance().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(answer.routes()).extracting(RouteRow::host, RouteRow::path, RouteRow::pathType,
                        RouteRow::backend, RouteRow::endpointsReady, RouteRow::ingress, RouteRow::pathIndex)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web.example.com", "/", "Prefix", "web:http", 1,
                                "default/web", 0),
                        org.assertj.core.groups.Tuple.tuple("web.example.com", "/missing", "Exact", "nothing:80", 0,
                                "default/web", 1));
        assertThat(answer.routes().get(1).warnings()).anyMatch(warning -> warning.contains("nothing"));
        assertThat(answer.routes().get(0).location()).endsWith("web.example.com.yaml:13");
        assertThat(answer.routes().get(0).route()).isEqualTo("default/web rule 0 path 0 (Prefix /) -> web:http");
    }

    @Test
    void servesTheJournalSinceAMoment() throws Exception {
        assertThat(instance.get("web.example.com", "/a")).isEqualTo(200);
        assertThat(instance.get("web.example.com", "/missing")).isEqualTo(503);
        instance.awaitJournal(2);
        ControlClient client = new ControlClient(instance.control().file());

        List<RequestRecord> all = client.requests(Instant.EPOCH);

        assertThat(all).extracting(RequestRecord::target, RequestRecord::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/a", 200), org.assertj.core.groups.Tuple.tuple("/missing", 503));
        assertThat(all.get(0).route()).isEqualTo("default/web rule 0 path 0 (Prefix /) -> web:http");
        assertThat(client.requests(Instant.now().plusSeconds(60))).isEmpty();
    }

    @Test
    void followStreamsTheBacklogThenEachNewRequestAndEndsWhenTheInstanceStops() throws Exception {
        assertThat(instance.get("web.example.com", "/before")).isEqualTo(200);
        instance.awaitJournal(1);
        List<String> targets = new CopyOnWriteArrayList<>();
        CompletableFuture<String> end = CompletableFuture.supplyAsync(() -> {
            try {
                return new ControlClient(instance.control().file()).follow(Instant.EPOCH,
                        line -> targets.add(line.record().target()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitSize(targets, 1);
        assertThat(instance.get("web.example.com", "/after")).isEqualTo(200);
        awaitSize(targets, 2);
        assertThat(targets).containsExactly("/before", "/after");

        instance.control().close();

        assertThat(end.get(10, TimeUnit.SECONDS)).isEqualTo("serve on port " + instance.httpPort() + " stopped");
    }

    @Test
    void explainsOnTheSessionInForceAndRefusesABadQueryWith400() throws Exception {
        ControlClient client = new ControlClient(instance.control().file());

        ExplainQuery.Answer answer = client.explain(new ExplainQuery("GET", List.of(),
                List.of("http://web.example.com/"), "json"));

        assertThat(answer.output()).isEqualTo("explained [http://web.example.com/] as json on 2 routes");
        assertThat(answer.notes()).containsExactly("a note");
        assertThatThrownBy(() -> client.explain(new ExplainQuery("GET", List.of(), List.of(), "text")))
                .isInstanceOf(ControlException.class).hasMessage("give the URLs to explain")
                .extracting(e -> ((ControlException) e).status()).isEqualTo(400);
    }

    @Test
    void wrongMethodsPathsAndQueriesGetTheirStatusAndWhy() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.control().file().port() + "/v1/routes")).header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> unknown = raw("/v1/secrets", "Authorization", bearer());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("/v1/routes");

        HttpResponse<String> since = raw("/v1/requests?since=yesterday", "Authorization", bearer());
        assertThat(since.statusCode()).isEqualTo(400);
        assertThat(since.body()).contains("ISO-8601");

        HttpResponse<String> large = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.control().file().port() + "/v1/explain")).header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(ControlServer.MAX_BODY + 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(413);

        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.control().file().port() + "/v1/explain")).header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not an explain query");
    }

    @Test
    void aFileWhoseProcessIsGoneOrWasReplacedOrUnreadableIsStaleAndNeverOffered() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor(10, TimeUnit.SECONDS);
        ControlDirectory directory = new ControlDirectory(data);
        ControlFile gone = new ControlFile(finished.pid(), Instant.now(), 1, "token", "demo", 8080, "demo on port 8080",
                Instant.now());
        directory.register(gone);
        ControlFile reused = new ControlFile(ProcessHandle.current().pid(), Instant.parse("2001-01-01T00:00:00Z"), 2,
                "token", "up", 9090, "up on port 9090", Instant.now());
        directory.register(reused);
        Files.writeString(directory.folder().resolve("broken.json"), "{not json");

        ControlDirectory.Scan scan = directory.scan();

        assertThat(scan.live()).containsExactly(instance.control().file());
        assertThat(scan.stale()).extracting(ControlDirectory.Stale::message).containsExactlyInAnyOrder(
                "ignoring " + directory.fileOf(gone) + ": pid " + finished.pid() + " is gone (demo on port 8080 did"
                        + " not stop cleanly)",
                "ignoring " + directory.fileOf(reused) + ": pid " + reused.pid() + " now belongs to another program"
                        + " (up on port 9090 is gone)",
                "ignoring " + directory.folder().resolve("broken.json")
                        + ": not a control file Ingress Lab can read (" + scanMessage(directory) + ")");
        for (ControlDirectory.Stale stale : scan.stale()) {
            directory.removeStale(stale);
        }
        assertThat(directory.scan().stale()).isEmpty();
        assertThat(instance.control().path()).as("a live instance's file is never removed").exists();
    }

    /** The parser's own words about the broken file, as the scan quotes them. */
    private static String scanMessage(ControlDirectory directory) {
        return directory.scan().stale().stream().filter(stale -> stale.file().endsWith("broken.json")).findFirst()
                .map(stale -> stale.reason().substring("not a control file Ingress Lab can read (".length(),
                        stale.reason().length() - 1)).orElse("?");
    }

    @Test
    void twoInstancesWriteTwoFilesAndBothAreListed() throws Exception {
        try (LiveInstance second = LiveInstance.start(dir, data, "other.example.com", ECHO)) {
            List<ControlFile> live = new ControlDirectory(data).scan().live();

            assertThat(live).extracting(ControlFile::httpPort).containsExactlyInAnyOrder(instance.httpPort(),
                    second.httpPort());
            assertThat(new ControlClient(live.stream().filter(file -> file.httpPort() == second.httpPort())
                    .findFirst().orElseThrow()).routes().routes()).allMatch(row ->
                    row.host().equals("other.example.com"));
            assertThat(new ControlClient(second.control().file()).routes().instance().controlPort())
                    .isNotEqualTo(instance.control().file().port());
        }
        assertThat(new ControlDirectory(data).scan().live()).containsExactly(instance.control().file());
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }
}
