package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.ingresslab.testing.EchoBackend.echo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route table is swapped 100 times under a bounded concurrent load: no request may fail, and every response
 * must come from the backend that the table in force for that request named (its X-Ingress-Lab-Route header).
 */
class ProxySwapTest {

    @Test
    void a100SwapsUnderLoadFailNoRequestAndRouteEachByItsOwnTable() throws Exception {
        try (EchoBackend blue = EchoBackend.start("blue"); EchoBackend green = EchoBackend.start("green")) {
            RouteTable toBlue = table(blue, green, "blue");
            RouteTable toGreen = table(blue, green, "green");
            try (ProxyFixture proxy = new ProxyFixture(toBlue, ProxySettings.defaults())) {
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger requests = new AtomicInteger();
                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                List<Future<?>> load = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    load.add(clients.submit(() -> {
                        while (running.get() && requests.get() < 20_000) {
                            check(proxy, failures);
                            requests.incrementAndGet();
                        }
                        return null;
                    }));
                }
                // at least 100 swaps, and on until the clients made 200 requests through them (a loaded machine
                // serves fewer in the same time), within a bound
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                for (int swap = 0; swap < 100 || requests.get() <= 200 && System.nanoTime() < deadline; swap++) {
                    Thread.sleep(15);
                    proxy.server.swap(swap % 2 == 0 ? toGreen : toBlue);
                }
                Thread.sleep(50);
                running.set(false);
                for (Future<?> client : load) {
                    client.get(60, TimeUnit.SECONDS);
                }
                clients.shutdownNow();

                assertThat(failures).isEmpty();
                assertThat(requests.get()).isGreaterThan(200);
            }
        }
    }

    private static void check(ProxyFixture proxy, ConcurrentLinkedQueue<String> failures) {
        try {
            HttpResponse<String> response = proxy.get("app.example.com", "/");
            if (response.statusCode() != 200) {
                failures.add("status " + response.statusCode() + ": " + response.body());
                return;
            }
            String route = response.headers().firstValue("X-Ingress-Lab-Route").orElse("");
            String backend = (String) echo(response.body()).get("backend");
            if (!route.endsWith("-> " + backend + ":80")) {
                failures.add("served by " + backend + " but routed by " + route);
            }
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    private static RouteTable table(EchoBackend blue, EchoBackend green, String target) {
        return new Cluster().serviceAt("default", "blue", blue.port()).serviceAt("default", "green", green.port())
                .add(TestIngress.named("app").rule("app.example.com", p -> p.prefix("/", target)))
                .translate().table();
    }
}
