package dev.ingresslab.gui;

import dev.ingresslab.core.LabSession;
import dev.ingresslab.core.SessionEvent;

import java.util.function.Consumer;

/**
 * The terminal a window was opened from ({@code demo}), told about every session the window starts, so that a
 * session started again with Stop then Start prints what {@code demo} prints (its events, the access log, "ready",
 * the commands to try) and is the one Ctrl-C stops. Both methods are called on the background thread that starts
 * the session, never on the FX thread.
 */
public interface SessionTerminal {

    /** A start begins: returns the subscriber that prints its events from the first one. */
    Consumer<? super SessionEvent> starting();

    /** The session started: print what follows a start (it may block briefly, waiting for the events printed). */
    void started(LabSession session) throws InterruptedException;

    /** The start failed with {@code error} (the window shows it too). */
    void failed(Exception error);
}
