package dev.ingresslab.gui;

import io.undertow.Undertow;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A backend for benchmarks: Undertow on 127.0.0.1 (a free port), one IO thread, answering every request with the
 * same small body from the IO thread, so that it costs the proxy's machine far less than the proxy does. The JDK's
 * {@code HttpServer} the tests use serves on one thread with a lock per exchange and was the bench's limit
 * (bench/gui/README.md).
 */
final class FixedAnswerBackend implements AutoCloseable {

    private final Undertow server;

    /** @param name said in the body: {@code <name>\n} */
    FixedAnswerBackend(String name) {
        ByteBuffer body = ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(1).addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(body.duplicate());
                }).build();
        server.start();
    }

    int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
