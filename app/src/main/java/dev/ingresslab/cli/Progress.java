package dev.ingresslab.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A progress display for what makes the user wait (a cluster connection, a sandbox starting, Deployments rolling
 * out): on a terminal that can redraw ({@link Colours#redraws()}), a spinner line at the bottom, {@code ⠹ connecting
 * to the cluster… 2.4 s}, that the lines printed meanwhile scroll above; elsewhere (a pipe, a file, {@code
 * TERM=dumb}) one plain line when it starts and nothing that moves, so logs stay clean.
 *
 * <p>Everything printed while it runs goes through {@link #stream()}, which hands whole lines to the real stream,
 * clearing the spinner before each and drawing it again after. After {@link #close()} the stream passes lines
 * through unchanged.
 */
final class Progress implements AutoCloseable {

    private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final String CLEAR_LINE = "\r\u001b[K";
    private static final long FRAME_MILLIS = 120;

    private final PrintStream target;
    private final String what;
    private final boolean redraw;
    private final long startedNanos = System.nanoTime();
    private final PrintStream stream;
    private final Thread spinner;
    private boolean drawn;
    private boolean running = true;
    private int frame;

    private Progress(PrintStream target, Colours colours, String what) {
        this.target = target;
        this.what = what;
        this.redraw = colours.redraws();
        this.stream = new PrintStream(new Lines(), true, StandardCharsets.UTF_8);
        if (redraw) {
            spinner = new Thread(this::spin, "ingress-lab-progress");
            spinner.setDaemon(true);
            spinner.start();
        } else {
            spinner = null;
            target.println(what + "...");
        }
    }

    /**
     * Starts showing that {@code what} is going on ({@code connecting to the cluster of context kind-kind}).
     *
     * @param target the standard output
     */
    static Progress start(PrintStream target, Colours colours, String what) {
        return new Progress(target, colours, what);
    }

    /** Where to print while it runs: whole lines reach the target above the spinner. */
    PrintStream stream() {
        return stream;
    }

    private void spin() {
        while (true) {
            synchronized (this) {
                if (!running) {
                    return;
                }
                draw();
            }
            try {
                Thread.sleep(FRAME_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Under the lock. */
    private void draw() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        target.print(CLEAR_LINE + FRAMES.charAt(frame++ % FRAMES.length()) + " " + what + "… "
                + String.format(Locale.ROOT, "%.1f s", seconds));
        target.flush();
        drawn = true;
    }

    /** Under the lock. */
    private void clear() {
        if (drawn) {
            target.print(CLEAR_LINE);
            drawn = false;
        }
    }

    private synchronized void line(byte[] bytes, int length) {
        clear();
        target.write(bytes, 0, length);
        target.flush();
        if (running && redraw) {
            draw();
        }
    }

    /** Stops the spinner and clears its line (on a terminal); what is printed after goes straight through. */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            clear();
            target.flush();
        }
        if (spinner != null) {
            spinner.interrupt();
        }
    }

    /** Collects bytes into lines and hands each whole line over. */
    private final class Lines extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = 0; i < length; i++) {
                write(bytes[offset + i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            // a partial line waits for its end, so that the spinner never cuts a line in two
        }

        private void flushLine() {
            line(line.toByteArray(), line.size());
            line.reset();
        }
    }
}
