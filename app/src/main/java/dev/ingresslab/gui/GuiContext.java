package dev.ingresslab.gui;

import java.util.Objects;

/**
 * What the views are built over: how the window was opened. Views get their view-models from here.
 *
 * @param start what the window opened with
 */
record GuiContext(GuiStart start) {

    GuiContext {
        Objects.requireNonNull(start, "start");
    }
}
