package dev.ingresslab.cli;

import dev.ingresslab.gui.GuiLauncher;
import dev.ingresslab.gui.GuiStart;
import dev.ingresslab.gui.WindowUnavailableException;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** For commands that run until Ctrl-C (or SIGTERM): their output stream, and the wait that closes cleanly. */
final class UntilStopped {

    private UntilStopped() {
    }

    /**
     * Standard output, flushed at each line, for sessions that print from their own threads. It is
     * {@code System.out} (which flushes at each line), never a stream of its own on file descriptor 1: a test
     * runner that captures {@code System.out} (Surefire's forked JVMs talk to Maven through it) must see every
     * line, or its channel is corrupted.
     */
    static PrintStream output() {
        return System.out;
    }

    /**
     * Closes {@code session} when the JVM is asked to stop (Ctrl-C, SIGTERM), then the window if one runs. Called as
     * soon as the session exists, before anything is printed: a SIGTERM that comes while "ready" and the guide are
     * printed must still stop the session cleanly (the sandbox saves its objects), not end the JVM around it.
     */
    static void closeOnShutdown(AutoCloseable session) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                session.close();
            } catch (Exception e) {
                // stopping anyway
            }
            GuiLauncher.close(); // only when the window's toolkit runs: it never waits for one that did not start
        }, "ingress-lab-shutdown"));
    }

    /** Blocks until the JVM is asked to stop ({@link #closeOnShutdown}'s hook, registered before, closes). */
    static int await() throws InterruptedException {
        new CountDownLatch(1).await(); // the JVM halts once its hooks have run; nothing counts this down
        return ExitCodes.OK;
    }

    /**
     * Opens the window and blocks until it is closed or the JVM is asked to stop, then closes the session (whose
     * {@link #closeOnShutdown} was called before). On Ctrl-C (or SIGTERM) the session is closed first, as without a
     * window (it prints {@code stopping...} and what it saved), then the window: closing a window can take long on
     * a loaded machine, and the session's stop must not wait for it. When the toolkit cannot open the display after
     * all ({@link WindowUnavailableException}), says so on {@code out} in one line and runs {@code withoutWindow}
     * instead (what {@code --headless} runs); the shutdown hook never waits for a toolkit that did not start
     * ({@link GuiLauncher#close()}).
     *
     * @return the exit code: {@link ExitCodes#OK} once the window is closed, else {@code withoutWindow}'s
     */
    static int awaitWindow(AutoCloseable session, GuiStart start, PrintStream out, Callable<Integer> withoutWindow)
            throws Exception {
        try {
            GuiLauncher.open(start);
        } catch (WindowUnavailableException e) {
            out.println("no display (" + e.getMessage() + "): running without the window, as with --headless.");
            return withoutWindow.call();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        session.close(); // the window was closed: stop as Ctrl-C does (closing twice does nothing)
        return ExitCodes.OK;
    }
}
