package dev.ingresslab.proxy;

import dev.ingresslab.route.UntrustedText;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes one line per request: readable text, or JSON Lines for tools. A journal subscriber
 * ({@link RequestJournal#subscribeBatches}): it formats a whole batch into one buffer on its own thread and writes
 * it with one call and one flush, where a line per write would cost a system call per request. When it falls
 * behind (the proxy never waits for it), it says how many requests it missed, in a line of its own where they would
 * have been. What it buffered is written when its subscription closes.
 */
public final class AccessLog implements JournalSubscriber, Consumer<RequestRecord> {

    public enum Format { TEXT, JSON }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MILLIS_PER_DAY = 86_400_000;

    private final PrintStream out;
    private final Format format;
    /** The batch's text; confined to the subscriber's thread (or the caller of {@link #accept(RequestRecord)}). */
    private final StringBuilder lines = new StringBuilder(16 * 1024);

    /**
     * @param out    where lines go (the CLI's standard output); written whole batches at a time, each under the
     *               stream's lock, so lines never interleave with what others print on it
     * @param format text or JSON Lines
     */
    public AccessLog(PrintStream out, Format format) {
        this.out = out;
        this.format = format;
    }

    /** Writes the batch's lines with one write and one flush. */
    @Override
    public void accept(List<RequestRecord> batch) {
        for (RequestRecord record : batch) {
            append(record);
        }
        flush();
    }

    /** Writes one record's line at once (for callers outside the journal's feed). */
    @Override
    public void accept(RequestRecord record) {
        append(record);
        flush();
    }

    @Override
    public void missed(long count) {
        lines.append("! the access log fell behind: ").append(count).append(count == 1 ? " request" : " requests")
                .append(" not logged here (the proxy served them; the log is written slower than they come)")
                .append(System.lineSeparator());
    }

    @Override
    public void closed() {
        flush();
    }

    private void append(RequestRecord record) {
        if (format == Format.JSON) {
            lines.append(JSON.writeValueAsString(record));
        } else {
            text(record, lines);
        }
        lines.append(System.lineSeparator());
    }

    private void flush() {
        if (lines.length() == 0) {
            return;
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        lines.setLength(0);
        synchronized (out) { // one write of the whole batch: PrintStream's own lock, which its println takes too
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    }

    /**
     * {@code 12:00:01.234 200 GET alpaca.example.com/ -> default/host-ingress rule 0 path 0 … @ 10.0.0.1:8080
     * 1.2 ms}; over https, {@code … GET https://alpaca.example.com/ … @ 10.0.0.1:8080  certificate
     * default/alpaca-tls  1.2 ms}.
     */
    static String text(RequestRecord record) {
        StringBuilder line = new StringBuilder(160);
        text(record, line);
        return line.toString();
    }

    /** Appends the text line (without its line end); the time of day is UTC, as the record's {@code Instant}. */
    static void text(RequestRecord record, StringBuilder line) {
        timeOfDay(record.time().toEpochMilli(), line);
        line.append(' ').append(record.status()).append(' ').append(record.method()).append(' ');
        boolean https = "https".equals(record.scheme());
        if (https) { // plain HTTP keeps the short form, the common case
            line.append("https://");
        }
        line.append(UntrustedText.printable((record.host() == null ? "" : record.host()) + record.target()))
                .append("  ").append(record.route());
        if (!record.endpoint().isEmpty()) {
            line.append(" @ ").append(record.endpoint());
        }
        if (record.rewritten()) {
            line.append(" as ").append(record.upstreamTarget());
        }
        if (https && record.certificate() != null && !record.certificate().isEmpty()) {
            line.append("  certificate ").append(record.certificate());
        }
        long tenths = (record.totalMicros() + 50) / 100; // milliseconds to one decimal, rounded half up
        line.append("  ").append(tenths / 10).append('.').append(tenths % 10).append(" ms");
        if (!record.error().isEmpty()) {
            line.append("  ! ").append(record.error());
        }
    }

    /** {@code HH:mm:ss.SSS} of an epoch millisecond, UTC. */
    private static void timeOfDay(long epochMillis, StringBuilder line) {
        int millis = (int) Math.floorMod(epochMillis, (long) MILLIS_PER_DAY);
        twoDigits(millis / 3_600_000, line);
        twoDigits(millis / 60_000 % 60, line.append(':'));
        twoDigits(millis / 1_000 % 60, line.append(':'));
        int fraction = millis % 1_000;
        line.append('.').append((char) ('0' + fraction / 100)).append((char) ('0' + fraction / 10 % 10))
                .append((char) ('0' + fraction % 10));
    }

    private static void twoDigits(int value, StringBuilder line) {
        line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
