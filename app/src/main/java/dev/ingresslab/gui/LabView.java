package dev.ingresslab.gui;

import javafx.scene.Node;

/**
 * One view of the window's content area (Routes, Requests, …): it builds its {@link Node} once, over its own
 * view-model, and is registered in the sidebar by one line in {@link Views}.
 */
public interface LabView {

    /** The view's root node; called once, on the FX thread, when the view is first shown. */
    Node node();

    /** Called on the FX thread each time the view is brought to the front: focus its main control. */
    default void shown() {
    }

    /** Ctrl-F (Cmd-F): focus the view's filter box; false when it has none. */
    default boolean focusFilter() {
        return false;
    }
}
