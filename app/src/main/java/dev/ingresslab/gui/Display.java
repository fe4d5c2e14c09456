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

    /** The display of this process: its environment and {@code os.name}. */
    public static Display current() {
        return of(System.getenv(), System.getProperty("os.name", ""));
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

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
