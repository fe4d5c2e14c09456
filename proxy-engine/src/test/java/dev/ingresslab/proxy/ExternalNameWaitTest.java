package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ExternalName whose first DNS answer is slow, or never comes, never stalls the IO thread: with one IO thread,
 * requests to an IP backend are answered while a request waits for the name; the waiting request is forwarded when
 * the answer comes, or answered 502 after {@link NameResolution#FIRST_WAIT_MILLIS} (issue #14 §6, review).
 */
class ExternalNameWaitTest {

    /** Releases the slow lookups; every lookup gives up after 15 s, so no test thread outlives its test for long. */
    private final CountDownLatch answer = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private EchoBackend backend;
    private ProxyServer proxy;

    /** The injected lookup: {@code slow.test} resolves to loopback once released, {@code hangs.test} never. */
    private InetAddress lookup(String name) throws UnknownHostException {
        try {
            boolean released = answer.await(15, TimeUnit.SECONDS);
            if (released && name.equals("slow.test")) {
                return InetAddress.getLoopbackAddress();
            }
            Thread.sleep(15_000); // hangs.test: no answer while the test runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new UnknownHostException(name);
    }

    private static Service externalName(String name, String externalName, int targetPort) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(externalName)
                .withPorts(new ServicePortBuilder().withName("http").withPort(80)
                        .withTargetPort(new IntOrString(targetPort)).build()).endSpec().build();
    }

    private void start(boolean front) {
        backend = EchoBackend.start("ip");
        Cluster cluster = new Cluster().serviceAt("default", "ip", backend.port())
                .add(externalName("slow", "slow.test", backend.port()))
                .add(externalName("hangs", "hangs.test", backend.port()))
                .add(TestIngress.named("web")
                        .rule("ip.example.com", p -> p.prefix("/", "ip"))
                        .rule("slow.example.com", p -> p.prefix("/", "slow"))
                        .rule("hangs.example.com", p -> p.prefix("/", "hangs")));
        ProxySettings settings = ProxySettings.defaults().withBindAddresses(List.of("127.0.0.1")).withHttpPort(0)
                .withIoThreads(1);
        proxy = ProxyServer.start(settings, null, cluster.translate().table(), new DirectConnector(),
                new RequestJournal(100), front, this::lookup);
    }

    @AfterEach
    void stop() {
        answer.countDown();
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private HttpRequest get(String host) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpPort() + "/x"))
                .header("Host", host).timeout(Duration.ofSeconds(20)).GET().build();
    }

    private HttpRequest post(String host) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.httpPort() + "/count"))
                .header("Host", host).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("twelve bytes")).build();
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request to the IP backend; it must not wait for anybody's DNS. No wall-clock bound decides it: the
     * lookups answer only once the test releases them (after this) or not within 15 s, so with the one IO thread
     * blocked in one, this answer would never come within the 10 s allowed.
     */
    private void ipRequestIsAnsweredAtOnce(HttpRequest request) throws Exception {
        HttpResponse<String> response;
        try {
            response = send(request).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the IP backend's answer did not come within 10 s: the IO thread was blocked");
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "front {0}")
    @ValueSource(booleans = {true, false})
    void requestsWaitForTheFirstAnswerWithoutBlockingTheIoThread(boolean front) throws Exception {
        start(front);
        // slow.test is being resolved since the table named it; these wait for it, the lean path and a body alike
        CompletableFuture<HttpResponse<String>> lean = send(get("slow.example.com"));
        CompletableFuture<HttpResponse<String>> withBody = send(post("slow.example.com"));
        Thread.sleep(200); // both are in the proxy, waiting

        ipRequestIsAnsweredAtOnce(get("ip.example.com"));
        ipRequestIsAnsweredAtOnce(post("ip.example.com"));
        assertThat(lean).isNotDone();
        assertThat(withBody).isNotDone();

        answer.countDown();
        HttpResponse<String> leanResponse = lean.get(10, TimeUnit.SECONDS);
        HttpResponse<String> bodyResponse = withBody.get(10, TimeUnit.SECONDS);
        assertThat(leanResponse.statusCode()).as(leanResponse.body()).isEqualTo(200);
        assertThat(echo(leanResponse.body())).containsEntry("method", "GET").containsEntry("target", "/x");
        assertThat(bodyResponse.statusCode()).as(bodyResponse.body()).isEqualTo(200);
        assertThat(echo(bodyResponse.body())).containsEntry("method", "POST").containsEntry("bodyBytes", 12);
    }

    @Test
    void aNameThatNeverAnswersIs502AfterTheBoundWhileOthersAreServed() throws Exception {
        start(true);
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> lean = send(get("hangs.example.com"));
        CompletableFuture<HttpResponse<String>> withBody = send(post("hangs.example.com"));
        Thread.sleep(200);

        ipRequestIsAnsweredAtOnce(get("ip.example.com"));
        ipRequestIsAnsweredAtOnce(post("ip.example.com"));

        for (CompletableFuture<HttpResponse<String>> waiting : List.of(lean, withBody)) {
            HttpResponse<String> response = waiting.get(10, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            assertThat(response.body()).contains("the ExternalName hangs.test does not resolve yet (no answer within"
                    + " 2000 ms)").contains("getent hosts hangs.test");
            // not before the bound; and by the bound, not by the lookup (15 s and more): the get above allows 10 s
            assertThat(millis).isGreaterThanOrEqualTo(NameResolution.FIRST_WAIT_MILLIS - 100);
        }
    }
}
