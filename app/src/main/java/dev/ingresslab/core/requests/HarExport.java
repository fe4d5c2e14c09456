package dev.ingresslab.core.requests;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.HarWriter;
import de.sstoehr.harreader.jackson.DefaultMapperFactory;
import de.sstoehr.harreader.jackson.MapperFactory;
import de.sstoehr.harreader.model.HarPostData;
import de.sstoehr.harreader.HarWriterException;
import de.sstoehr.harreader.model.Har;
import de.sstoehr.harreader.model.HarContent;
import de.sstoehr.harreader.model.HarCreatorBrowser;
import de.sstoehr.harreader.model.HarEntry;
import de.sstoehr.harreader.model.HarHeader;
import de.sstoehr.harreader.model.HarLog;
import de.sstoehr.harreader.model.HarQueryParam;
import de.sstoehr.harreader.model.HarRequest;
import de.sstoehr.harreader.model.HarResponse;
import de.sstoehr.harreader.model.HarTiming;
import dev.ingresslab.proxy.HeadText;
import dev.ingresslab.proxy.RequestDetails;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.sandbox.AtomicFile;
import io.undertow.util.StatusCodes;

import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HAR 1.2 (the HTTP Archive format, W3C Web Performance WG draft "HAR 1.2 Spec", as written by browsers' DevTools)
 * of journaled requests, so that they open in DevTools, Charles, Fiddler or a HAR viewer. The model and the JSON
 * writing are the {@code de.sstoehr:har-reader} library's; this class only maps a {@link RequestRecord} onto it.
 *
 * <p>What a record does not keep is written as HAR says to write what is unknown: sizes {@code -1}, empty header
 * and cookie lists, timings the proxy did not measure {@code -1}. What HAR has no field for (the rule that decided,
 * the backend, the endpoint, the request id) goes in custom fields, which HAR 1.2 allows when their names start
 * with an underscore: {@code _route}, {@code _outcome}, {@code _backend}, {@code _endpoint}, {@code _requestId},
 * {@code _upstreamTarget}, {@code _answeredByProxy}.
 *
 * <p>Timings (milliseconds, HAR's unit): {@code connect} is the time to get a connection to the endpoint ({@code -1}
 * when a pooled one was reused or nothing was proxied), {@code wait} from the request to the first response byte
 * less the connect, {@code receive} the rest; {@code send} is 0 because the proxy measures from the complete
 * request head. {@code time} is their sum, as HAR requires. An answer the proxy made itself is all {@code wait}.
 *
 * <p>Headers: when the record carries its heads ({@link RequestDetails}, captured while the GUI's Requests view
 * follows the journal), {@code headers} are their fields in wire order, {@code httpVersion} comes from the request
 * line and the status line, and {@code headersSize} is the head's length in bytes up to and including the empty line
 * (HAR 1.2 "request"/"response"; {@code -1} when the head was cut at {@link RequestDetails#MAX_HEAD_BYTES}). Without
 * them the request's headers are the Host it sent, the response's none, and sizes {@code -1}. {@code postData} is
 * left out, as HAR says for a request without a body.
 */
public final class HarExport {

    /** The {@code log.version} this class writes. */
    public static final String HAR_VERSION = "1.2";

    private final String creatorVersion;

    /** @param creatorVersion Ingress Lab's version, written to {@code log.creator.version} */
    public HarExport(String creatorVersion) {
        this.creatorVersion = creatorVersion;
    }

    /** The HAR document for {@code records}, in their order (the journal's, oldest first). */
    public Har toHar(List<RequestRecord> records) {
        List<HarEntry> entries = new ArrayList<>(records.size());
        for (RequestRecord record : records) {
            entries.add(entry(record));
        }
        HarLog log = HarLog.builder().version(HAR_VERSION)
                .creator(HarCreatorBrowser.builder().name("Ingress Lab").version(creatorVersion).build())
                .entries(entries).build();
        return Har.builder().log(log).build();
    }

    /** The HAR document as JSON text. */
    public String toJson(List<RequestRecord> records) {
        try {
            return new HarWriter(new WithoutEmptyPostData()).writeAsString(toHar(records));
        } catch (HarWriterException e) {
            throw new IllegalStateException("could not write the HAR document: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the HAR file atomically (a new file, forced to disk, renamed over the target), so that an existing
     * file at {@code target} is either replaced whole or left as it was.
     *
     * @throws IOException when the file cannot be written; its message names the file and the system's reason
     */
    public void write(List<RequestRecord> records, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a folder: choose a file name, such as requests.har");
        }
        byte[] json = toJson(records).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFile.write(target, json, false);
        } catch (IOException e) {
            throw new IOException("could not write " + target + ": " + reason(e), e);
        }
    }

    /**
     * The library's mapper, less one thing: it always writes {@code postData}, an empty {@code {"params":[]}} for a
     * request without a body, where HAR 1.2 leaves the field out (and requires {@code mimeType} and {@code text}
     * whenever it is there).
     */
    private static final class WithoutEmptyPostData implements MapperFactory {

        private final DefaultMapperFactory library = new DefaultMapperFactory();

        @Override
        public ObjectMapper instance(HarReaderMode mode) {
            return withMixIn(library.instance(mode));
        }

        @Override
        public ObjectMapper instance() {
            return withMixIn(library.instance());
        }

        private static ObjectMapper withMixIn(ObjectMapper mapper) {
            return mapper.rebuild().addMixIn(HarRequest.class, RequestMixIn.class).build();
        }
    }

    /** Leaves {@code postData} out when it holds no body. */
    private abstract static class RequestMixIn {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoBody.class)
        abstract HarPostData postData();
    }

    /** Jackson's CUSTOM inclusion filter: "equal" means "leave out". */
    private static final class NoBody {
        @Override
        public boolean equals(Object value) {
            return value == null || value instanceof HarPostData data && data.mimeType() == null
                    && data.text() == null && (data.params() == null || data.params().isEmpty());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static HarEntry entry(RequestRecord record) {
        long connect = record.connectMicros() > 0 ? millis(record.connectMicros()) : -1;
        long total = millis(record.totalMicros());
        // the proxy's own answers have no first byte from a backend: all their time is spent waiting for them
        long firstByte = record.firstByteMicros() > 0 ? millis(record.firstByteMicros()) : total;
        long wait = Math.max(0, firstByte - Math.max(connect, 0));
        long receive = Math.max(0, total - firstByte);
        long time = Math.max(connect, 0) + wait + receive;
        HarEntry entry = HarEntry.builder()
                .startedDateTime(record.time().atZone(ZoneOffset.UTC))
                .time((int) Math.min(Integer.MAX_VALUE, time))
                .request(request(record))
                .response(response(record))
                .timings(HarTiming.builder().blocked(-1L).dns(-1L).ssl(-1L)
                        .connect(connect).send(0L).waitTime(wait).receive(receive).build())
                .serverIPAddress(serverAddress(record.endpoint()))
                .build();
        Map<String, Object> custom = entry.additional();
        custom.put("_requestId", record.requestId());
        custom.put("_outcome", record.outcome());
        custom.put("_route", record.route());
        custom.put("_backend", record.backend());
        custom.put("_endpoint", record.endpoint());
        custom.put("_upstreamTarget", record.upstreamTarget());
        custom.put("_answeredByProxy", ProxyAnswers.isOurs(record));
        if (!record.error().isEmpty()) {
            custom.put("_error", record.error());
        }
        return entry;
    }

    private static HarRequest request(RequestRecord record) {
        RequestDetails details = record.details();
        HarRequest.HarRequestBuilder request = HarRequest.builder().method(record.method())
                .url(RecordUrls.url(record)).cookies(List.of()).queryString(query(record.target())).bodySize(-1L);
        if (details == null) {
            List<HarHeader> headers = record.host().isEmpty() ? List.of()
                    : List.of(HarHeader.builder().name("Host").value(record.host()).build());
            return request.httpVersion("HTTP/1.1").headers(headers).headersSize(-1L).build();
        }
        HeadText head = details.request();
        // the request line is "method SP request-target SP HTTP-version" (RFC 9112 §3): the version is its last word
        String line = head.startLine();
        String version = line.substring(line.lastIndexOf(' ') + 1);
        return request.httpVersion(version.startsWith("HTTP/") ? version : "HTTP/1.1").headers(headers(head))
                .headersSize(headersSize(details.requestHead(), head)).build();
    }

    private static HarResponse response(RequestRecord record) {
        RequestDetails details = record.details();
        HarResponse.HarResponseBuilder response = HarResponse.builder().status(record.status())
                .statusText(StatusCodes.getReason(record.status())).cookies(List.of())
                .content(HarContent.builder().size(record.bytesSent()).mimeType(mimeType(details)).build())
                .redirectURL(redirect(details)).bodySize(record.bytesSent());
        if (details == null || details.response().startLine().isEmpty()) {
            return response.httpVersion("HTTP/1.1").headers(List.of()).headersSize(-1L).build();
        }
        HeadText head = details.response();
        // the status line is "HTTP-version SP status-code SP [reason-phrase]" (RFC 9112 §4): the version comes first
        String line = head.startLine();
        int space = line.indexOf(' ');
        String version = space < 0 ? line : line.substring(0, space);
        return response.httpVersion(version.startsWith("HTTP/") ? version : "HTTP/1.1").headers(headers(head))
                .headersSize(headersSize(details.responseHead(), head)).build();
    }

    private static List<HarHeader> headers(HeadText head) {
        List<HarHeader> headers = new ArrayList<>(head.fields().size());
        for (HeadText.Field field : head.fields()) {
            headers.add(HarHeader.builder().name(field.name()).value(field.value()).build());
        }
        return headers;
    }

    /** The head's bytes through its empty line, as HAR counts them; -1 when it was cut short (the size is unknown). */
    private static long headersSize(byte[] bytes, HeadText head) {
        return head.truncated() ? -1L : bytes.length;
    }

    /** The response's Content-Type (HAR's {@code content.mimeType}), or empty when not known. */
    private static String mimeType(RequestDetails details) {
        if (details == null) {
            return "";
        }
        List<String> types = details.response().values("Content-Type");
        return types.isEmpty() ? "" : types.get(0);
    }

    /** The response's Location (HAR's {@code redirectURL}), or empty. */
    private static String redirect(RequestDetails details) {
        if (details == null) {
            return "";
        }
        List<String> locations = details.response().values("Location");
        return locations.isEmpty() ? "" : locations.get(0);
    }

    /** The query's name/value pairs, decoded as a browser's DevTools shows them (HAR 1.2 "queryString"). */
    static List<HarQueryParam> query(String target) {
        int mark = target.indexOf('?');
        if (mark < 0 || mark == target.length() - 1) {
            return List.of();
        }
        int fragment = target.indexOf('#', mark);
        String query = target.substring(mark + 1, fragment < 0 ? target.length() : fragment);
        List<HarQueryParam> params = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            params.add(HarQueryParam.builder().name(decode(name)).value(decode(value)).build());
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape is kept as it was sent
        }
    }

    /** The endpoint's address without its port ({@code 10.0.0.7}, {@code ::1}), or null when none answered. */
    private static String serverAddress(String endpoint) {
        if (endpoint.isEmpty()) {
            return null;
        }
        if (endpoint.startsWith("[")) {
            int close = endpoint.indexOf(']');
            return close < 0 ? endpoint : endpoint.substring(1, close);
        }
        int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    private static long millis(long micros) {
        return Math.round(micros / 1000.0);
    }
}
