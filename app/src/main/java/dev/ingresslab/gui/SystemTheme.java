package dev.ingresslab.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the system is set to a dark appearance, for {@link GuiSettings.Theme#SYSTEM} (JavaFX 21 cannot tell;
 * its {@code Platform.Preferences} came in 22). Asked once, before the window opens, off the FX thread: macOS's
 * {@code defaults read -g AppleInterfaceStyle} ("Dark"), GNOME's {@code gsettings get org.gnome.desktop.interface
 * color-scheme} ('prefer-dark'), or a {@code GTK_THEME} ending in {@code :dark}. Anything else, or no answer
 * within a second, is light.
 */
public final class SystemTheme {

    private SystemTheme() {
    }

    /** True when the system asks for dark. */
    public static boolean prefersDark() {
        return prefersDark(System.getenv(), System.getProperty("os.name", ""));
    }

    static boolean prefersDark(Map<String, String> env, String osName) {
        String gtkTheme = env.getOrDefault("GTK_THEME", "");
        if (gtkTheme.toLowerCase(Locale.ROOT).endsWith(":dark")) {
            return true;
        }
        if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return ask(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).trim().equalsIgnoreCase("dark");
        }
        if (osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return ask(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"))
                    .contains("prefer-dark");
        }
        return false;
    }

    /** The command's standard output, or empty when it is missing, fails or takes over a second. */
    private static String ask(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return process.exitValue() == 0
                    ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
