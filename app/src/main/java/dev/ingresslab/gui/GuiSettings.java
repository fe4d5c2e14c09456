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
 * @param x           the window's left edge on the desktop, in JavaFX pixels; {@link Double#NaN} when not known (the
 *                    window is then centred). Fitted to the screens of the next start ({@link WindowBounds#fitTo})
 * @param y           the window's top edge, likewise
 */
public record GuiSettings(double width, double height, Theme theme, String lastContext, String lastView, double x,
                          double y) {

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
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
            x = Double.NaN;
            y = Double.NaN;
        }
    }

    /** Settings without a remembered position. */
    public GuiSettings(double width, double height, Theme theme, String lastContext, String lastView) {
        this(width, height, theme, lastContext, lastView, Double.NaN, Double.NaN);
    }

    /** Whether the window's position is known. */
    public boolean placed() {
        return !Double.isNaN(x);
    }

    /** A first run: 1200 × 760, following the system's theme, the sandbox picked, the Routes view. */
    public static GuiSettings defaults() {
        return new GuiSettings(1200, 760, Theme.SYSTEM, "sandbox", "routes");
    }

    public GuiSettings withSize(double newWidth, double newHeight) {
        return new GuiSettings(newWidth, newHeight, theme, lastContext, lastView, x, y);
    }

    public GuiSettings withTheme(Theme newTheme) {
        return new GuiSettings(width, height, newTheme, lastContext, lastView, x, y);
    }

    public GuiSettings withLastContext(String context) {
        return new GuiSettings(width, height, theme, context, lastView, x, y);
    }

    public GuiSettings withLastView(String view) {
        return new GuiSettings(width, height, theme, lastContext, view, x, y);
    }

    /** With the window's left and top edges on the desktop. */
    public GuiSettings withPosition(double newX, double newY) {
        return new GuiSettings(width, height, theme, lastContext, lastView, newX, newY);
    }
}
