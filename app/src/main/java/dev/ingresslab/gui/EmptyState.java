package dev.ingresslab.gui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A view's friendly empty state: a title, what to do next, and optionally the button that does it. Each view
 * shows one while it has nothing to show (no Ingresses yet, no requests yet), never a blank area.
 */
public final class EmptyState {

    private EmptyState() {
    }

    /** A centred title and explanation; {@code action} (may be null) is the button for the next step. */
    public static VBox of(String title, String text, Button action) {
        Label heading = new Label(title);
        heading.getStyleClass().addAll("title-3", "empty-state-title");
        Label body = new Label(text);
        body.setWrapText(true);
        body.setMaxWidth(520);
        body.getStyleClass().add("text-muted");
        VBox box = new VBox(12, heading, body);
        if (action != null) {
            box.getChildren().add(action);
        }
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("empty-state");
        return box;
    }

    /**
     * The empty state of a table whose rows the filter hides, all of them: that they exist, and a button that clears
     * the filter. Without it the table showed its "nothing yet" state while its rows were there, hidden.
     *
     * @param rows        what the rows are, plural ({@code routes}, {@code requests})
     * @param clearFilter empties the filter box
     */
    public static VBox filteredOut(String rows, Runnable clearFilter) {
        Button clear = new Button("Clear the filter");
        clear.getStyleClass().add("filter-clear");
        clear.setOnAction(event -> clearFilter.run());
        return of("Nothing matches the filter", "The filter hides all the " + rows + ": change it, or clear it to see"
                + " them all.", clear);
    }

    /** A view that is only an empty state, for entries whose view is not built yet. */
    public static LabView view(String title, String text) {
        Node node = of(title, text, null);
        return () -> node;
    }
}
