package dev.ingresslab.gui;

import java.util.List;
import java.util.Objects;

/**
 * A rectangle in JavaFX screen coordinates (pixels, y down): a window's remembered bounds, or a screen's usable area
 * ({@code Screen.getVisualBounds()}: the screen less its panels and docks). Free of JavaFX, so the fitting is
 * tested without a screen.
 *
 * @param x      the left edge; {@link Double#NaN} when no position is known (the window is then centred)
 * @param y      the top edge; {@link Double#NaN} when no position is known
 * @param width  the width, at least 0
 * @param height the height, at least 0
 */
public record WindowBounds(double x, double y, double width, double height) {

    public WindowBounds {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException("a window's size must be at least 0 × 0, not " + width + " × " + height);
        }
    }

    /** A size without a position: the window is centred on the primary screen. */
    public static WindowBounds ofSize(double width, double height) {
        return new WindowBounds(Double.NaN, Double.NaN, width, height);
    }

    /** Whether a position is known. */
    public boolean placed() {
        return !Double.isNaN(x) && !Double.isNaN(y);
    }

    /**
     * These bounds fitted to the usable area of a screen, so that the whole window, its edges and title bar
     * included, can be seen and reached: never wider or taller than the area, never off it. The area is that of the
     * screen the window overlaps most; a window on no screen (a monitor unplugged since, a smaller screen now) or
     * without a position is centred on the primary screen. A window that fits is left where it is.
     *
     * @param screens the usable areas of the screens now, the primary screen first; at least one
     * @return the fitted bounds, always placed
     * @throws IllegalArgumentException when no screen is given
     */
    public WindowBounds fitTo(List<WindowBounds> screens) {
        Objects.requireNonNull(screens, "screens");
        if (screens.isEmpty()) {
            throw new IllegalArgumentException("no screen to fit the window to");
        }
        WindowBounds area = placed() ? screens.stream().filter(screen -> overlap(screen) > 0)
                .max(java.util.Comparator.comparingDouble(this::overlap)).orElse(null) : null;
        boolean centre = area == null;
        if (centre) {
            area = screens.get(0);
        }
        double w = Math.min(width, area.width);
        double h = Math.min(height, area.height);
        double left = centre ? area.x + (area.width - w) / 2 : clamp(x, area.x, area.x + area.width - w);
        double top = centre ? area.y + (area.height - h) / 2 : clamp(y, area.y, area.y + area.height - h);
        return new WindowBounds(left, top, w, h);
    }

    /** The area these bounds share with another rectangle, 0 when they do not meet or either has no position. */
    double overlap(WindowBounds other) {
        if (!placed() || !other.placed()) {
            return 0;
        }
        double across = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        double down = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        return across > 0 && down > 0 ? across * down : 0;
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(value, high));
    }
}
