package dev.ingresslab.gui;

import java.util.Locale;
import java.util.Map;

/**
 * Whether this process can open a window, decided before JavaFX is touched (JavaFX without a display fails deep
 * inside its toolkit start with a stack trace, or hangs). macOS and Windows always have one for a logged-in user;
 * on Linux and the other Unixes a window needs an X server ({@code DISPLAY}) or a Wayland compositor
 * ({@code WAYLAND_DISPLAY}, which JavaFX's GTK glass reaches through XWayland).
 *
 * @param available true when a window can open
 * @param reason    when not available, why, in a few words a user can act on ("DISPLAY is not set"); else empty
 */
public record Display(boolean available, String reason) {

    /**
     * The display of this process: its environment and {@code os.name}, and on Linux and the other Unixes whether
     * the X server {@code DISPLAY} names takes connections (a set but dead {@code DISPLAY} is no display: see
     * {@link XServer}). Takes at most about a second (a remote display's TCP connect).
     */
    public static Display current() {
        String os = System.getProperty("os.name", "");
        Display display = of(System.getenv(), os);
        return usesX(os) ? reachable(display, System.getenv("DISPLAY")) : display;
    }

    /**
     * {@code display} when its X server (named by {@code displayVariable}, the {@code DISPLAY} value, may be null)
     * takes connections or is not one this can check; otherwise no display, with the reason.
     */
    static Display reachable(Display display, String displayVariable) {
        if (!display.available() || !set(displayVariable)) {
            return display; // macOS, Windows, Wayland only: nothing to check here
        }
        return XServer.unreachable(displayVariable).map(Display::none).orElse(display);
    }

    /** The display for the given environment variables and operating system name ({@code os.name}). */
    public static Display of(Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("windows")) {
            return new Display(true, "");
        }
        if (set(env.get("DISPLAY")) || set(env.get("WAYLAND_DISPLAY"))) {
            return new Display(true, "");
        }
        return new Display(false, "neither DISPLAY nor WAYLAND_DISPLAY is set");
    }

    /** A display that is not there, for the reason given: what tests of the headless paths use. */
    public static Display none(String reason) {
        return new Display(false, reason);
    }

    /** Whether JavaFX opens its windows through X here (GTK glass): not on macOS (Cocoa) or Windows. */
    private static boolean usesX(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return !(os.startsWith("mac") || os.startsWith("windows"));
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
