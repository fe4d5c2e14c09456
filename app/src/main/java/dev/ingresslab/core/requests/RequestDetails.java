package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.HeadText;
import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.tls.ServedCertificate;
import dev.ingresslab.tls.TlsCertificate;
import io.undertow.util.StatusCodes;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the Requests view's details pane shows of one record, as labelled lines in sections (Request, Response,
 * Decision, Timings) and the message heads ({@link #heads}): the text, without any toolkit, so that it is tested as
 * text.
 */
public final class RequestDetails {

    /** One labelled value. */
    public record Line(String label, String value) {
    }

    /** A titled group of lines. */
    public record Section(String title, List<Line> lines) {
        public Section {
            lines = List.copyOf(lines);
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    /** Every field always printed: LocalDateTime.toString drops the seconds on a whole minute. */
    private static final DateTimeFormatter RECEIVED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT);
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private RequestDetails() {
    }

    /** The table's time column: the local wall clock with milliseconds ({@code 12:01:03.120}). */
    public static String clock(RequestRecord record, ZoneId zone) {
        return CLOCK.format(record.time().atZone(zone));
    }

    /** Milliseconds with one decimal, as the table's {@code ms} column shows them ({@code 3.1}). */
    public static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** The path part of the target (without the query), as the table's Path column shows it. */
    public static String path(RequestRecord record) {
        return record.target();
    }

    /** {@code 200 OK}, {@code 404 Not Found}. */
    public static String status(int status) {
        return status + " " + StatusCodes.getReason(status);
    }

    /** The sections of the details pane for {@code record}. */
    public static List<Section> of(RequestRecord record, ZoneId zone) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("Request", List.of(
                new Line("Method", record.method()),
                new Line("URL", RecordUrls.url(record)),
                new Line("Host", record.host().isEmpty() ? "(none sent)" : record.host()),
                new Line("X-Request-Id", record.requestId()),
                new Line("Client", record.client()),
                new Line("Received", RECEIVED.format(record.time().atZone(zone))))));
        if (record.scheme().equals("https")) {
            sections.add(new Section("TLS", tls(record, zone)));
        }
        List<Line> response = new ArrayList<>();
        response.add(new Line("Status", status(record.status())));
        response.add(new Line("Answered by", ProxyAnswers.isOurs(record)
                ? "Ingress Lab's proxy itself: " + ProxyAnswers.why(record)
                : "the backend, endpoint " + record.endpoint()));
        response.add(new Line("Body", record.bytesSent() + " bytes"));
        if (!record.error().isEmpty()) {
            response.add(new Line("Error", record.error()));
        }
        sections.add(new Section("Response", response));
        List<Line> decision = new ArrayList<>();
        decision.add(new Line("Outcome", record.outcome()));
        decision.add(new Line("Rule", record.route()));
        if (!record.backend().isEmpty()) {
            decision.add(new Line("Backend", record.backend()));
        }
        if (!record.endpoint().isEmpty()) {
            decision.add(new Line("Endpoint", record.endpoint() + " (" + record.connector() + ")"));
        }
        if (record.rewritten()) {
            decision.add(new Line("Backend received", record.upstreamTarget()));
        }
        sections.add(new Section("Decision", decision));
        List<Line> timings = new ArrayList<>();
        timings.add(new Line("Total", millis(record.totalMicros()) + " ms"));
        timings.add(new Line("Connect", record.connectMicros() > 0 ? millis(record.connectMicros()) + " ms"
                : "pooled connection, or not proxied"));
        timings.add(new Line("First byte", record.firstByteMicros() > 0 ? millis(record.firstByteMicros()) + " ms"
                : "(made by the proxy)"));
        sections.add(new Section("Timings", timings));
        return sections;
    }

    /**
     * An https request's TLS lines: the SNI name the client sent, the certificate presented (its Secret, or the
     * fallback one), its subject, names, issuer and expiry, from the handshake ({@link ServedCertificate}, in the
     * record's details); without details, the Secret's name alone.
     */
    static List<Line> tls(RequestRecord record, ZoneId zone) {
        ServedCertificate served = record.details() == null ? null : record.details().served();
        List<Line> lines = new ArrayList<>();
        if (served == null) {
            lines.add(new Line("Certificate", record.certificate().isEmpty() ? "(not recorded)" : record.certificate()));
            return lines;
        }
        TlsCertificate certificate = served.certificate();
        lines.add(new Line("SNI", served.serverName().isEmpty() ? "(none sent: the fallback certificate answers)"
                : served.serverName()));
        lines.add(new Line("Certificate", served.fallback()
                ? served.label() + " (no served Ingress has a certificate for this name)"
                : "Secret " + served.label()));
        lines.add(new Line("Subject", certificate.subject()));
        lines.add(new Line("Names", certificate.dnsNames().isEmpty() ? "(no subjectAltName)"
                : String.join(", ", certificate.dnsNames())));
        lines.add(new Line("Issuer", certificate.issuer()));
        lines.add(new Line("Expires", EXPIRES.format(certificate.notAfter().atZone(zone)) + " ("
                + (certificate.isValidAt(record.time()) ? "valid when served" : "NOT valid when served") + ")"));
        return lines;
    }

    /**
     * The request's and the response's headers as sections ("Request headers", "Response headers"), each line a
     * field in the order it was on the wire (repeated names kept), the start line first. Parses the heads the
     * record carries ({@link dev.ingresslab.proxy.RequestDetails}, captured while a subscriber asked for them): call
     * it off the UI thread. A record without them (served while nothing asked, or journaled by the command line)
     * gets one line that says why, so the pane never shows an empty section without a reason.
     */
    public static List<Section> heads(RequestRecord record) {
        dev.ingresslab.proxy.RequestDetails details = record.details();
        if (details == null) {
            Line why = new Line("", "not captured: this request was served before the window was open");
            return List.of(new Section("Request headers", List.of(why)), new Section("Response headers", List.of(why)));
        }
        return List.of(head("Request headers", details.request(), "(the head was empty)"),
                head("Response headers", details.response(), "(none sent: the client went away first)"));
    }

    private static Section head(String title, HeadText head, String whenEmpty) {
        List<Line> lines = new ArrayList<>(head.fields().size() + 2);
        if (head.startLine().isEmpty()) {
            lines.add(new Line("", whenEmpty));
            return new Section(title, lines);
        }
        lines.add(new Line("", head.startLine()));
        for (HeadText.Field field : head.fields()) {
            lines.add(new Line(field.name(), field.value()));
        }
        if (head.truncated()) {
            lines.add(new Line("", "(cut at " + dev.ingresslab.proxy.RequestDetails.MAX_HEAD_BYTES / 1024
                    + " KiB: the rest of the head is not kept)"));
        }
        return new Section(title, lines);
    }
}
