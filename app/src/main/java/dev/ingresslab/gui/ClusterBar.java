package dev.ingresslab.gui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * The bar across the top of the window: which cluster the window shows and in what state.
 */
final class ClusterBar {

    private final HBox bar;

    ClusterBar(GuiContext context) {
        String status = context.start().status();
        Label state = new Label(status.isEmpty() ? "not running" : status);
        state.setId("cluster-state");
        bar = new HBox(12, state);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.setId("cluster-bar");
        bar.getStyleClass().add("cluster-bar");
    }

    HBox node() {
        return bar;
    }
}
