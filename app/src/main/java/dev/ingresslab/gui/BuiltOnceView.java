package dev.ingresslab.gui;

import javafx.scene.Node;

/**
 * A view whose node tree is built the first time it is shown and kept from then on: views nobody opens cost nothing,
 * and a view keeps its state (selection, scroll, typed text) while others are in front.
 */
abstract class BuiltOnceView implements LabView {

    private Node root;

    @Override
    public final Node node() {
        if (root == null) {
            root = build();
        }
        return root;
    }

    /** Builds the view's node tree; called once, on the FX thread. */
    protected abstract Node build();
}
