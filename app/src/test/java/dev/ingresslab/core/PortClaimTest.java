package dev.ingresslab.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A port is claimed before anything slow starts: taken by another program on either loopback address, taken by
 * another Ingress Lab (which is named), claimed by two at the same instant, left by a killed one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PortClaimTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");

    @TempDir
    Path data;

    @Test
    void aPortTakenOnIpv6OnlyIsRefusedThoughIpv4IsFree() throws Exception {
        assumeTrue(ipv6Loopback(), "::1 is not available on this machine");
        try (ServerSocket v6 = new ServerSocket()) {
            v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            int port = v6.getLocalPort();
            assertThat(PortProbe.problem(port, List.of("127.0.0.1"))).as("IPv4 is free").isEmpty();
            assertThatThrownBy(() -> PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port"))
                    .isInstanceOf(PortClaim.PortUnavailableException.class)
                    .hasMessage("port " + port + " of ::1 is in use by another program (`lsof -nP -iTCP:" + port
                            + " -sTCP:LISTEN` names it): stop it, or choose another port with --http-port");
            // the refused claim holds nothing: once the program is gone the port can be claimed
            v6.close();
            PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port").close();
        }
    }

    /** Defect 14: a demo of another data directory (or serve, or up) was called "another program". */
    @Test
    void aPortTakenByAnIngressLabThatNoLockHereNamesIsCalledAnotherIngressLab() {
        try (ProxyRuntime other = ProxyRuntime.start(dev.ingresslab.proxy.ProxySettings.defaults()
                        .withBindAddresses(List.of("127.0.0.1")).withHttpPort(0), dev.ingresslab.route.RouteTable
                        .empty(), new dev.ingresslab.proxy.DirectConnector(), null,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), event -> { })) {
            int port = other.proxy.httpPort();
            long started = System.nanoTime();
            assertThatThrownBy(() -> PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port"))
                    .isInstanceOf(PortClaim.PortUnavailableException.class)
                    .hasMessage("port " + port + " of 127.0.0.1 is in use by another Ingress Lab (another data"
                            + " directory, or `serve`/`up`; `lsof -nP -iTCP:" + port + " -sTCP:LISTEN` names it):"
                            + " stop it, or choose another port with --http-port");
            assertThatThrownBy(() -> PortClaim.check(data, port, LOOPBACK, "--http-port"))
                    .hasMessageContaining("in use by another Ingress Lab (another data directory");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration
                    .ofSeconds(3));
        }
    }

    @Test
    void aProgramThatAnswersHttpButIsNotOursIsAnotherProgram() throws Exception {
        try (ServerSocket v4 = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread answering = new Thread(() -> {
                try (var socket = v4.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write(("HTTP/1.1 404 Not Found\r\nServer: nginx\r\nContent-Length: 9"
                            + "\r\n\r\nnot found").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test is over
                }
            });
            answering.setDaemon(true);
            answering.start();
            int port = v4.getLocalPort();
            assertThatThrownBy(() -> PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port"))
                    .hasMessageStartingWith("port " + port + " of 127.0.0.1 is in use by another program");
        }
    }

    @Test
    void aPortTakenOnIpv4ByAnotherProgramIsRefused() throws Exception {
        try (ServerSocket v4 = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = v4.getLocalPort();
            assertThatThrownBy(() -> PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port"))
                    .hasMessageStartingWith("port " + port + " of 127.0.0.1 is in use by another program");
        }
    }

    @Test
    void aPortHeldByAnotherIngressLabNamesIt() throws Exception {
        int port = freePort();
        Process other = LockHolderProcess.start(data.resolve("run").resolve("port-" + port + ".lock"),
                "demo on port " + port);
        try {
            assertThatThrownBy(() -> PortClaim.acquire(data, port, LOOPBACK, "serve", "--http-port"))
                    .isInstanceOf(PortClaim.PortUnavailableException.class)
                    .hasMessageContaining("port " + port + " is in use by another Ingress Lab: demo on port " + port
                            + " (pid " + other.pid() + ", since ")
                    .hasMessageEndingWith("; stop it (Ctrl-C in its terminal, or `kill " + other.pid() + "`), or"
                            + " choose another port with --http-port");
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // killed: its claim went with it
        PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port").close();
    }

    @Test
    void twoClaimsAtTheSameInstantHaveOneWinner() throws Exception {
        int port = freePort();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PortClaim>> claims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                claims.add(pool.submit(() -> {
                    go.await();
                    return PortClaim.acquire(data, port, LOOPBACK, "demo", "--http-port");
                }));
            }
            go.countDown();
            List<PortClaim> won = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            for (Future<PortClaim> claim : claims) {
                try {
                    won.add(claim.get(20, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    refusals.add(e.getCause().getMessage());
                }
            }
            assertThat(won).hasSize(1);
            assertThat(refusals).hasSize(3).allSatisfy(message -> assertThat(message)
                    .startsWith("port " + port + " is in use by another Ingress Lab"));
            won.get(0).close();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void portZeroClaimsNothing() {
        PortClaim.acquire(data, 0, LOOPBACK, "demo", "--http-port").close();
        assertThat(data.resolve("run")).doesNotExist();
    }

    @Test
    void theStandardPortFallsBackWhenTakenAndSaysWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int standard = taken.getLocalPort();
            int fallback = freePort();
            PortChoice choice = PortChoice.of(null, standard, fallback, "HTTP", LOOPBACK);
            assertThat(choice.port()).isEqualTo(fallback);
            assertThat(choice.message()).isEqualTo("HTTP on port " + fallback + ": port " + standard
                    + " of 127.0.0.1 is in use by another program (`lsof -nP -iTCP:" + standard + " -sTCP:LISTEN`"
                    + " names it); choose another port with --http-port");
        }
        int free = freePort();
        assertThat(PortChoice.of(null, free, 1, "HTTP", LOOPBACK)).isEqualTo(new PortChoice(free, "HTTP on port "
                + free));
        assertThat(PortChoice.of(28080, free, 1, "HTTP", LOOPBACK).message()).isEqualTo("HTTP on port 28080 (as"
                + " asked)");
    }

    @Test
    void aTakenStandardPortOnIpv6AloneAlsoFallsBack() throws Exception {
        assumeTrue(ipv6Loopback(), "::1 is not available on this machine");
        try (ServerSocket v6 = new ServerSocket()) {
            v6.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            PortChoice choice = PortChoice.of(null, v6.getLocalPort(), 1, "HTTP", LOOPBACK);
            assertThat(choice.port()).isEqualTo(1);
            assertThat(choice.message()).contains("of ::1 is in use by another program");
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
