package dev.ingresslab.gui;

import dev.ingresslab.core.DataDirectory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the window opens with.
 *
 * @param dataDirectory where the window's settings file lives ({@link DataDirectory}): size, theme, last context
 * @param status        the cluster bar's text until the bar drives sessions itself (the command that opened the
 *                      window, such as {@code demo}, runs the session); empty when nothing runs
 */
public record GuiStart(Path dataDirectory, String status) {

    public GuiStart {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(status, "status");
    }

    /** The user's data directory, nothing running. */
    public static GuiStart defaults() {
        return new GuiStart(DataDirectory.resolve(), "");
    }
}
