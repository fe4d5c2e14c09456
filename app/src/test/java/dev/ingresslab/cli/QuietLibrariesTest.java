package dev.ingresslab.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class QuietLibrariesTest {

    /** Defect 13: restoring a 62 MB snapshot printed vert.x's "Thread vert.x-eventloop-thread-0 has been blocked". */
    @Test
    void vertxBlockedThreadWarningsAreSilentWhileUndertowWarningsStillShow() {
        QuietLibraries.apply();
        List<String> seen = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    seen.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker").log(Level.WARNING,
                    "Thread vert.x-eventloop-thread-0 has been blocked for 2503 ms, time limit is 2000 ms");
            Logger.getLogger("io.undertow.server").log(Level.WARNING, "a real Undertow warning");
            Logger.getLogger("io.undertow.server").log(Level.INFO, "Undertow's banner");
        } finally {
            root.removeHandler(handler);
        }
        assertThat(seen).containsExactly("io.undertow.server: a real Undertow warning");
    }
}
