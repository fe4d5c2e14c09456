package dev.ingresslab.gui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/**
 * The views' buttons in one call each: the text, the id tests and styles look it up by, the tooltip saying what it
 * does, the action, and optionally the condition that disables it; {@link #accent} for the view's main action
 * (AtlantaFX's {@code accent} style class).
 */
final class Buttons {

    private Buttons() {
    }

    /**
     * A button showing {@code text}, with {@code id} (null: none), the tooltip {@code tooltip} (null: none), running
     * {@code action} on the FX thread when pressed (null: none yet, the caller sets it later).
     */
    static Button button(String id, String text, String tooltip, Runnable action) {
        Button button = new Button(text);
        if (id != null) {
            button.setId(id);
        }
        if (tooltip != null) {
            button.setTooltip(new Tooltip(tooltip));
        }
        if (action != null) {
            button.setOnAction(event -> action.run());
        }
        return button;
    }

    /** {@link #button}, styled as the view's main action. */
    static Button accent(String id, String text, String tooltip, Runnable action) {
        Button button = button(id, text, tooltip, action);
        button.getStyleClass().add("accent");
        return button;
    }

    /** {@code button}, disabled while {@code condition} holds (bound: it follows the condition). */
    static Button disabledWhile(Button button, ObservableBooleanValue condition) {
        button.disableProperty().bind(condition);
        return button;
    }
}
