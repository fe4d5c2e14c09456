package dev.ingresslab.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The libraries' java.util.logging chatter the command line does not show: start-up banners (Undertow, XNIO: their
 * warnings still show), and the messages Ingress Lab says better in its own words (Undertow's proxy's failed
 * upstream requests, fabric8's stack trace per failed list or watch, vert.x's "Thread vert.x-eventloop-thread-0
 * has been blocked for 2503 ms", which a large snapshot's restore provokes and which the user can do nothing about).
 */
final class QuietLibraries {

    /** Held so the settings stay: java.util.logging keeps loggers only weakly. */
    private static final List<Logger> WARNINGS_ONLY = List.of(Logger.getLogger("io.undertow"),
            Logger.getLogger("org.xnio"));
    private static final List<Logger> SILENT = List.of(Logger.getLogger("io.undertow.proxy"),
            Logger.getLogger("io.fabric8"), Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker"));
    /**
     * JavaFX says "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'" at every start
     * from the class path, which is how Ingress Lab runs it (tested and supported here): errors only.
     */
    private static final Logger JAVAFX = Logger.getLogger("javafx");

    private QuietLibraries() {
    }

    /** Sets the levels, once, before any command runs. */
    static void apply() {
        WARNINGS_ONLY.forEach(logger -> logger.setLevel(Level.WARNING));
        SILENT.forEach(logger -> logger.setLevel(Level.OFF));
        JAVAFX.setLevel(Level.SEVERE);
    }
}
