package dev.ingresslab.cli;

import dev.ingresslab.gui.Display;
import dev.ingresslab.gui.GuiLauncher;
import dev.ingresslab.gui.GuiStart;
import dev.ingresslab.gui.WindowUnavailableException;

import java.io.PrintWriter;

/**
 * Opening the desktop window from a command ({@code ingress-lab}, {@code gui}, {@code demo}), or saying in one
 * line why it cannot open and which commands work without it.
 */
final class Window {

    /** The commands that need no window, named when there is no display. */
    static final String HEADLESS_COMMANDS = "demo --headless, up, serve, explain, contexts, samples";

    private Window() {
    }

    /** The one line said when the window cannot open: the reason, and what to run instead. */
    static String noDisplay(Display display) {
        return "ingress-lab: no display to open the window on (" + display.reason() + "); without a window use `"
                + "ingress-lab " + HEADLESS_COMMANDS.replace(", ", "`, `") + "` (`ingress-lab --help` says more)";
    }

    /**
     * Opens the window and blocks until it is closed; when there is no display, or the toolkit cannot open the
     * one there seemed to be, prints {@link #noDisplay} to {@code err} and returns {@code noDisplayCode}.
     */
    static int open(Display display, PrintWriter err, GuiStart start, int noDisplayCode) {
        if (!display.available()) {
            err.println(noDisplay(display));
            return noDisplayCode;
        }
        try {
            GuiLauncher.open(start);
        } catch (WindowUnavailableException e) {
            err.println(noDisplay(e.display()));
            return noDisplayCode;
        }
        return ExitCodes.OK;
    }
}
