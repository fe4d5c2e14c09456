package dev.ingresslab.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} (what the sessions in core print to) that hands each line to the command's {@link
 * PrintWriter} and flushes it, so a command prints where picocli points it: the terminal, or a test's writer.
 */
final class LineStream extends OutputStream {

    private final PrintWriter target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LineStream(PrintWriter target) {
        this.target = target;
    }

    /** A UTF-8 print stream writing through to {@code target} line by line. */
    static PrintStream to(PrintWriter target) {
        return new PrintStream(new LineStream(target), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            target.print(line.toString(StandardCharsets.UTF_8));
            target.flush();
            line.reset();
        }
    }
}
