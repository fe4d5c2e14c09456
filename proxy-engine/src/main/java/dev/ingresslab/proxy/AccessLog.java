package dev.ingresslab.proxy;

import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/** Writes one line per request: readable text, or JSON Lines for tools. A journal subscriber. */
public final class AccessLog implements Consumer<RequestRecord> {

    public enum Format { TEXT, JSON }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final Format format;

    public AccessLog(PrintStream out, Format format) {
        this.out = out;
        this.format = format;
    }

    @Override
    public void accept(RequestRecord record) {
        out.println(format == Format.JSON ? JSON.writeValueAsString(record) : text(record));
    }

    /** {@code 12:00:01.234 200 GET alpaca.example.com/ -> default/host-ingress rule 0 path 0 … @ 10.0.0.1:8080 1.2 ms}. */
    static String text(RequestRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(record.time().toString(), 11, Math.min(23, record.time().toString().length())).append(' ')
                .append(record.status()).append(' ').append(record.method()).append(' ')
                .append(dev.ingresslab.route.UntrustedText.printable((record.host() == null ? "" : record.host())
                        + record.target()))
                .append("  ").append(record.route());
        if (!record.endpoint().isEmpty()) {
            line.append(" @ ").append(record.endpoint());
        }
        if (record.rewritten()) {
            line.append(" as ").append(record.upstreamTarget());
        }
        line.append(String.format(Locale.ROOT, "  %.1f ms", record.totalMicros() / 1000.0));
        if (!record.error().isEmpty()) {
            line.append("  ! ").append(record.error());
        }
        return line.toString();
    }
}
