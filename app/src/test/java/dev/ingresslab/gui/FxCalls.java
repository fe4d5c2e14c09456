package dev.ingresslab.gui;

import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What the GUI tests ask of the FX thread: a value read there, a node's text, and a wait for a check that holds there
 * (every 50 ms; JavaFX's properties may be read on that thread only).
 */
final class FxCalls {

    /** A condition on the view or its model, asked on the FX thread. */
    interface Check {
        boolean holds() throws Exception;
    }

    private FxCalls() {
    }

    /**
     * {@code read} run on the FX thread, within 10 s.
     *
     * @throws IllegalStateException when it throws or does not return in time (the cause says which)
     */
    static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of the node {@code query} finds: a label, a button, a text field or area. */
    static String text(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return onFx(() -> node instanceof Labeled labeled ? labeled.getText() : ((TextInputControl) node).getText());
    }

    /**
     * Waits until {@code check} holds, asked on the FX thread.
     *
     * @param limit how long at the most
     * @param shows what the view shows, read on the FX thread, for the failure's message
     * @throws AssertionError when it does not hold within {@code limit}, with {@code shows}
     */
    static void await(Duration limit, Check check, Callable<String> shows) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!onFx(check::holds)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s; the view shows: " + onFx(shows));
            }
            Thread.sleep(50);
        }
    }

    /** {@link #await(Duration, Check, Callable)} for up to 30 s, the failure saying only that. */
    static void await(Check check) throws InterruptedException {
        await(Duration.ofSeconds(30), check, () -> "(see the test)");
    }
}
