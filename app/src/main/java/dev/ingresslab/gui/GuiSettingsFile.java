package dev.ingresslab.gui;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The window's settings file, {@code gui.properties} in the data directory: a Java properties file (ISO 8859-1
 * with escapes, {@link Properties#store}) with the keys {@code window.width}, {@code window.height}, {@code
 * window.x} and {@code window.y} (the window's left and top edges; absent until it has been shown), {@code theme}
 * ({@code system}, {@code light}, {@code dark}), {@code context} and {@code view}.
 *
 * <p>Written atomically: to a temporary file beside it, forced to disk, then renamed over the old one, so a crash
 * leaves the old settings or the new ones, never half a file. Read leniently: a value that cannot be used
 * (a width that is not a number, an unknown theme) falls back to its default and is reported in {@link
 * Loaded#problems()}; the other values are kept. The file holds only the window's own settings: nothing a user
 * wrote elsewhere is touched.
 */
public final class GuiSettingsFile {

    /** The file's name in the data directory. */
    public static final String NAME = "gui.properties";

    private final Path file;

    public GuiSettingsFile(Path dataDirectory) {
        this.file = dataDirectory.resolve(NAME);
    }

    /** The file this reads and writes. */
    public Path file() {
        return file;
    }

    /**
     * The settings read, and what could not be used, in words (each names the file and the key).
     *
     * @param settings the settings, defaults where the file had none or an unusable value
     * @param problems one line per value ignored, or the reason the whole file was ignored; empty when all was used
     */
    public record Loaded(GuiSettings settings, List<String> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Reads the settings; a missing file gives the defaults, an unreadable one the defaults and the reason. */
    public Loaded load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return new Loaded(GuiSettings.defaults(), List.of());
        } catch (IOException e) {
            return new Loaded(GuiSettings.defaults(), List.of("cannot read " + file + " (" + e.getMessage()
                    + "): the window starts with its default size and theme"));
        }
        Properties properties = new Properties();
        try (Reader reader = new StringReader(text)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return new Loaded(GuiSettings.defaults(), List.of(file + " is not a properties file (" + e.getMessage()
                    + "): the window starts with its default size and theme, and writes the file anew when it"
                    + " closes"));
        }
        GuiSettings defaults = GuiSettings.defaults();
        List<String> problems = new ArrayList<>();
        double width = number(properties, "window.width", defaults.width(), problems);
        double height = number(properties, "window.height", defaults.height(), problems);
        double x = coordinate(properties, "window.x", problems);
        double y = coordinate(properties, "window.y", problems);
        GuiSettings.Theme theme = defaults.theme();
        String themeName = properties.getProperty("theme");
        if (themeName != null) {
            try {
                theme = GuiSettings.Theme.valueOf(themeName.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(file + ": theme=" + themeName + " is not one of system, light, dark; using system");
            }
        }
        return new Loaded(new GuiSettings(width, height, theme, properties.getProperty("context",
                defaults.lastContext()).trim(), properties.getProperty("view", defaults.lastView()).trim(), x, y),
                problems);
    }

    /**
     * Writes the settings atomically (see the class comment), creating the data directory when needed.
     *
     * @throws UncheckedIOException when the file cannot be written; the old file is then left as it was
     */
    public void save(GuiSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("window.width", String.valueOf(Math.round(settings.width())));
        properties.setProperty("window.height", String.valueOf(Math.round(settings.height())));
        if (settings.placed()) {
            properties.setProperty("window.x", String.valueOf(Math.round(settings.x())));
            properties.setProperty("window.y", String.valueOf(Math.round(settings.y())));
        }
        properties.setProperty("theme", settings.theme().name().toLowerCase(Locale.ROOT));
        properties.setProperty("context", settings.lastContext());
        properties.setProperty("view", settings.lastView());
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "Ingress Lab's window: size, theme, last cluster and view");
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), NAME, ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(StandardCharsets.ISO_8859_1.encode(text.toString()));
                    channel.force(true);
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the window's settings to " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private double number(Properties properties, String key, double fallback, List<String> problems) {
        String value = properties.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value.trim());
            if (Double.isFinite(number) && number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add(file + ": " + key + "=" + value + " is not a size in pixels; using " + Math.round(fallback));
        return fallback;
    }

    /** A window edge's position (any finite number: a screen may lie left of or above the primary), or NaN. */
    private double coordinate(Properties properties, String key, List<String> problems) {
        String value = properties.getProperty(key);
        if (value == null) {
            return Double.NaN;
        }
        try {
            double number = Double.parseDouble(value.trim());
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add(file + ": " + key + "=" + value + " is not a position in pixels; the window opens centred");
        return Double.NaN;
    }
}
