package dev.ingresslab.core.requests;

import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HAR 1.2 export of requests that went through the real proxy, checked against the HAR 1.2 field list. */
class HarExportTest {

    @TempDir
    Path dir;

    @Test
    void writesAValidHar12FileOfRealRequests() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            assertThat(proxy.get(RoutedProxy.HOST, "/a/x?q=1&name=J%C3%BCrgen")).contains(" 200 ");
            assertThat(proxy.get("nope.example.com", "/")).contains(" 404 ");
            List<RequestRecord> records = proxy.awaitRecords(2);
            Path file = dir.resolve("requests.har");

            new HarExport("test-version").write(records, file);

            Har har = new HarReader().readFromFile(file.toFile(), HarReaderMode.STRICT);
            assertThat(har.log().entries()).hasSize(2);
            JsonNode log = JsonMapper.builder().build().readTree(Files.readString(file)).get("log");
            assertThat(log.get("version").asString()).isEqualTo("1.2");
            assertThat(log.get("creator").get("name").asString()).isEqualTo("Ingress Lab");
            assertThat(log.get("creator").get("version").asString()).isEqualTo("test-version");
            for (JsonNode entry : log.get("entries")) {
                assertHar12Entry(entry);
            }

            JsonNode routed = log.get("entries").get(0);
            assertThat(routed.get("request").get("method").asString()).isEqualTo("GET");
            assertThat(routed.get("request").get("url").asString())
                    .isEqualTo("http://alpaca.example.com/a/x?q=1&name=J%C3%BCrgen");
            assertThat(routed.get("request").get("queryString").toString())
                    .contains("{\"name\":\"q\",\"value\":\"1\"}").contains("\"value\":\"Jürgen\"");
            assertThat(routed.get("request").has("postData")).as("postData of a request without a body").isFalse();
            assertThat(routed.get("response").get("status").asInt()).isEqualTo(200);
            assertThat(routed.get("response").get("statusText").asString()).isEqualTo("OK");
            assertThat(routed.get("_route").asString()).contains("default/path-ingress rule 0 path 0 (Prefix /a)");
            assertThat(routed.get("_backend").asString()).isEqualTo("default/alpaca:8080");
            assertThat(routed.get("_endpoint").asString()).startsWith("127.0.0.1:");
            assertThat(routed.get("serverIPAddress").asString()).isEqualTo("127.0.0.1");
            assertThat(routed.get("_answeredByProxy").asBoolean()).isFalse();
            assertThat(routed.get("_requestId").asString()).isEqualTo(records.get(0).requestId());

            JsonNode notFound = log.get("entries").get(1);
            assertThat(notFound.get("response").get("status").asInt()).isEqualTo(404);
            assertThat(notFound.get("_outcome").asString()).isEqualTo("not_found");
            assertThat(notFound.get("_answeredByProxy").asBoolean()).isTrue();
            assertThat(notFound.has("serverIPAddress")).isFalse();
        }
    }

    @Test
    void requestsServedWhileDetailsAreAskedForCarryTheirHeadersIntoTheHar() throws Exception {
        try (RoutedProxy proxy = new RoutedProxy(dir)) {
            assertThat(proxy.get(RoutedProxy.HOST, "/a/before")).contains(" 200 "); // nobody asks for details yet
            var subscription = proxy.journal().subscribeWithDetails(java.time.Duration.ofMillis(20), batch -> { });
            try {
                assertThat(proxy.get(RoutedProxy.HOST, "/a/with", "X-Lab-Trace: abc 123\r\nX-Lab-Trace: second\r\n"))
                        .contains(" 200 ");
            } finally {
                subscription.close();
            }
            List<RequestRecord> records = proxy.awaitRecords(2);
            assertThat(records.get(0).details()).as("served before anyone asked").isNull();
            assertThat(records.get(1).details()).as("served while the subscription asked").isNotNull();
            Path file = dir.resolve("headers.har");

            new HarExport("v").write(records, file);

            new HarReader().readFromFile(file.toFile(), HarReaderMode.STRICT);
            JsonNode entries = JsonMapper.builder().build().readTree(Files.readString(file)).get("log").get("entries");
            entries.forEach(HarExportTest::assertHar12Entry);
            JsonNode without = entries.get(0);
            assertThat(without.get("request").get("headers").toString())
                    .isEqualTo("[{\"name\":\"Host\",\"value\":\"alpaca.example.com\"}]");
            assertThat(without.get("request").get("headersSize").asLong()).isEqualTo(-1);
            assertThat(without.get("response").get("headers").size()).isZero();

            JsonNode with = entries.get(1);
            JsonNode request = with.get("request");
            assertThat(request.get("httpVersion").asString()).isEqualTo("HTTP/1.1");
            assertThat(names(request.get("headers"))).containsExactly("Host", "User-Agent", "Accept", "X-Lab-Trace",
                    "X-Lab-Trace", "Connection");
            assertThat(request.get("headers").get(3).get("value").asString()).isEqualTo("abc 123");
            assertThat(request.get("headers").get(4).get("value").asString()).isEqualTo("second");
            // the head as sent, through its empty line: what HAR's headersSize counts
            String sent = "GET /a/with HTTP/1.1\r\nHost: alpaca.example.com\r\nUser-Agent: curl/8.5.0\r\n"
                    + "Accept: */*\r\nX-Lab-Trace: abc 123\r\nX-Lab-Trace: second\r\nConnection: close\r\n\r\n";
            assertThat(request.get("headersSize").asLong()).isEqualTo(sent.length());
            JsonNode response = with.get("response");
            assertThat(response.get("httpVersion").asString()).isEqualTo("HTTP/1.1");
            assertThat(names(response.get("headers"))).isNotEmpty().anyMatch("Content-Length"::equalsIgnoreCase);
            assertThat(response.get("headersSize").asLong()).isGreaterThan(20);
            assertThat(response.get("content").get("mimeType").asString())
                    .isEqualTo(records.get(1).details().response().values("Content-Type").stream().findFirst()
                            .orElse(""));
        }
    }

    private static List<String> names(JsonNode headers) {
        List<String> names = new java.util.ArrayList<>();
        headers.forEach(header -> names.add(header.get("name").asString()));
        return names;
    }

    /** The fields HAR 1.2 requires of an entry, with their types, and the timings adding up to the time. */
    private static void assertHar12Entry(JsonNode entry) {
        assertThat(OffsetDateTime.parse(entry.get("startedDateTime").asString())).isNotNull();
        assertThat(entry.get("time").isNumber()).isTrue();
        JsonNode request = entry.get("request");
        for (String field : List.of("method", "url", "httpVersion")) {
            assertThat(request.get(field).isString()).as("request." + field).isTrue();
        }
        for (String field : List.of("cookies", "headers", "queryString")) {
            assertThat(request.get(field).isArray()).as("request." + field).isTrue();
        }
        assertThat(request.get("headersSize").isNumber()).isTrue();
        assertThat(request.get("bodySize").isNumber()).isTrue();
        JsonNode response = entry.get("response");
        assertThat(response.get("status").isNumber()).isTrue();
        for (String field : List.of("statusText", "httpVersion", "redirectURL")) {
            assertThat(response.get(field).isString()).as("response." + field).isTrue();
        }
        assertThat(response.get("cookies").isArray()).isTrue();
        assertThat(response.get("headers").isArray()).isTrue();
        assertThat(response.get("content").get("size").isNumber()).isTrue();
        assertThat(response.get("content").get("mimeType").isString()).isTrue();
        assertThat(response.get("headersSize").isNumber()).isTrue();
        assertThat(response.get("bodySize").isNumber()).isTrue();
        assertThat(entry.get("cache").isObject()).as("cache").isTrue();
        JsonNode timings = entry.get("timings");
        long sum = 0;
        for (String field : List.of("send", "wait", "receive")) {
            assertThat(timings.get(field).asLong()).as("timings." + field).isGreaterThanOrEqualTo(0);
        }
        for (String field : List.of("blocked", "dns", "connect", "send", "wait", "receive")) {
            long value = timings.get(field).asLong();
            assertThat(value).as("timings." + field).isGreaterThanOrEqualTo(-1);
            sum += Math.max(0, value);
        }
        assertThat(entry.get("time").asLong()).isEqualTo(sum);
    }

    @Test
    void anExistingFileIsReplacedWhole() throws Exception {
        Path file = dir.resolve("old.har");
        Files.writeString(file, "x".repeat(100_000));

        new HarExport("v").write(List.of(), file);

        assertThat(Files.readString(file)).startsWith("{").contains("\"entries\":[]").doesNotContain("xxx");
    }

    @Test
    void aFolderOrAnUnwritablePlaceIsSaidWithWhatToDo() throws IOException {
        HarExport export = new HarExport("v");
        assertThatThrownBy(() -> export.write(List.of(), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("is a folder: choose a file name");
        Path blocker = Files.writeString(dir.resolve("a-file"), "");
        assertThatThrownBy(() -> export.write(List.of(), blocker.resolve("requests.har")))
                .isInstanceOf(IOException.class).hasMessageStartingWith("could not write " + blocker);
    }
}
