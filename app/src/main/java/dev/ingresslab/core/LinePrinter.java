package dev.ingresslab.core;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints a session's events as the commands print them: a cluster's routes as {@link RouteChanges} (only what
 * changed), manifest files' routes in full with their findings ({@link RoutesReport}), every other event as its
 * {@link SessionEvent#text()}; events without text (a connector the user chose, a sample operation's end) print
 * nothing. Not thread-safe: give it one thread, as a {@link Subscription} does.
 */
public final class LinePrinter implements Consumer<SessionEvent> {

    private final PrintStream out;
    private final RouteChanges changes;

    public LinePrinter(PrintStream out) {
        this.out = out;
        this.changes = new RouteChanges(out);
    }

    @Override
    public void accept(SessionEvent event) {
        if (event instanceof SessionEvent.RoutesApplied applied) {
            if (applied.verb().equals("applied")) {
                changes.report(applied.translation());
            } else {
                applied.notes().forEach(note -> out.println("note: " + note));
                RoutesReport.print(out, applied.verb(), applied.translation());
            }
        } else if (!(event instanceof SessionEvent.SampleFinished) && !event.text().isEmpty()) {
            // a sample operation's end is not printed: the command line's next line says it
            out.println(event.text());
        }
    }
}
