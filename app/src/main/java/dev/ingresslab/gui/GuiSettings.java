package dev.ingresslab.gui;

import java.util.Objects;

/**
 * What the window remembers between runs, in the data directory ({@link GuiSettingsFile}).
 *
 * @param width       the window's width, in JavaFX pixels (at least {@link #MIN_WIDTH})
 * @param height      the window's height, in JavaFX pixels (at least {@link #MIN_HEIGHT})
 * @param theme       the theme chosen, or {@link Theme#SYSTEM} to follow the system's light or dark setting
 * @param lastContext the cluster picked last ({@code sandbox} or a kubeconfig context's name); empty for none
 * @param lastView    the view shown last ({@link ViewEntry#id()}); empty for the first
 */
public record GuiSettings(double width, double height, Theme theme, String lastContext, String lastView) {

    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 520;

    /** Light or dark; SYSTEM follows the system's setting where it can be read ({@link SystemTheme}). */
    public enum Theme { SYSTEM, LIGHT, DARK }

    public GuiSettings {
        width = Math.max(MIN_WIDTH, width);
        height = Math.max(MIN_HEIGHT, height);
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(lastContext, "lastContext");
        Objects.requireNonNull(lastView, "lastView");
    }

    /** A first run: 1200 × 760, following the system's theme, the sandbox picked, the Routes view. */
    public static GuiSettings defaults() {
        return new GuiSettings(1200, 760, Theme.SYSTEM, "sandbox", "routes");
    }

    public GuiSettings withSize(double newWidth, double newHeight) {
        return new GuiSettings(newWidth, newHeight, theme, lastContext, lastView);
    }

    public GuiSettings withTheme(Theme newTheme) {
        return new GuiSettings(width, height, newTheme, lastContext, lastView);
    }

    public GuiSettings withLastContext(String context) {
        return new GuiSettings(width, height, theme, context, lastView);
    }

    public GuiSettings withLastView(String view) {
        return new GuiSettings(width, height, theme, lastContext, view);
    }
}
