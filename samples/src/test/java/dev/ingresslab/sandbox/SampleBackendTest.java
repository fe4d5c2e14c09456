package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What a simulated pod answers: the request as the client sent it. */
class SampleBackendTest {

    @Test
    void showsHeaderNamesAsTheClientSentThemAndEndsJsonWithANewline() throws Exception {
        try (SampleBackend pod = SampleBackend.start("default", "alpaca", "alpaca-7d9f-x1")) {
            String response = exchange(pod.port(), "GET /a/b?x=1 HTTP/1.1\r\nHost: alpaca.example.com\r\n"
                    + "User-Agent: curl/8.5.0\r\nx-lower-case: 1\r\nX-MiXeD-Case: 2\r\nConnection: close\r\n\r\n");

            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertThat(body).as("a shell prompt after curl starts on its own line").endsWith("}\n");
            JsonNode seen = JsonMapper.builder().build().readTree(body);
            assertThat(seen.get("deployment").asString()).isEqualTo("alpaca");
            assertThat(seen.get("pod").asString()).isEqualTo("alpaca-7d9f-x1");
            assertThat(seen.get("host").asString()).isEqualTo("alpaca.example.com");
            assertThat(seen.get("path").asString()).isEqualTo("/a/b?x=1");
            assertThat(seen.get("headers").propertyNames()).contains("User-Agent", "x-lower-case", "X-MiXeD-Case")
                    .doesNotContain("User-agent", "X-lower-case");
            assertThat(pod.log()).singleElement().asString().endsWith(" GET alpaca.example.com /a/b?x=1");
        }
    }

    @Test
    void browsersGetHtmlWithTheHeadersEscaped() throws Exception {
        try (SampleBackend pod = SampleBackend.start("default", "bandicoot", "bandicoot-1")) {
            String response = exchange(pod.port(), "POST / HTTP/1.1\r\nHost: b\r\nAccept: text/html\r\n"
                    + "X-Evil: <script>\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");

            assertThat(response).startsWith("HTTP/1.1 200").contains("text/html; charset=utf-8")
                    .contains("<h1>bandicoot</h1>").contains("X-Evil").contains("&lt;script&gt;")
                    .doesNotContain("<script>");
        }
    }

    private static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
