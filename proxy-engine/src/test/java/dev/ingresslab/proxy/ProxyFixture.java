package dev.ingresslab.proxy;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.testing.Cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A proxy on 127.0.0.1 (a free port) serving a cluster's table, with clients to talk to it. */
final class ProxyFixture implements AutoCloseable {

    final RequestJournal journal = new RequestJournal(1_000);
    final ProxyServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ProxyFixture(Cluster cluster) {
        this(cluster.translate().table(), ProxySettings.defaults());
    }

    ProxyFixture(RouteTable table, ProxySettings settings) {
        this(table, settings, ProxyServer.FRONT);
    }

    /** With or without the front on the HTTP listener. */
    ProxyFixture(RouteTable table, ProxySettings settings, boolean front) {
        server = ProxyServer.start(settings.withBindAddresses(List.of("127.0.0.1")).withHttpPort(0).withIoThreads(2),
                null, table, new DirectConnector(), journal, front);
    }

    URI uri(String target) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + target);
    }

    HttpResponse<String> get(String host, String target) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(target)).header("Host", host).timeout(Duration.ofSeconds(20))
                .GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes on a new connection and returns everything the proxy answers until it closes. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(1 << 20);
            return new String(answer, StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        server.close();
        journal.close();
    }
}
