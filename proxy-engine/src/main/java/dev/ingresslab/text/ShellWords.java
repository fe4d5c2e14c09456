package dev.ingresslab.text;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the words of a command line we print so that pasting it into a POSIX shell (sh, dash, bash, zsh) gives
 * the program exactly those words: a path with a space ({@code ~/Library/Application Support/Ingress Lab} on
 * macOS), a quote, {@code $}, a backtick or a newline stays one word and is never expanded.
 *
 * <p>The rule is POSIX's single quotes (XCU 2.2.2, "Single-Quotes"): every character between single quotes is
 * literal, newlines included, and a single quote itself is written {@code '\''} (close, an escaped quote, reopen).
 * A word made only of characters no shell treats specially is left bare, so ordinary paths stay readable.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /**
     * One word, quoted when it needs to be.
     *
     * @param word any text, empty included (which becomes {@code ''})
     * @return bare when the word holds only letters, digits and {@code _ - . / , : @ % + =} and does not start with
     *         {@code =} (zsh expands {@code =name} to a command's path); else the word in single quotes
     */
    public static String quote(String word) {
        if (isPlain(word)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@link #quote(String)} of the path as the operating system writes it. */
    public static String quote(Path path) {
        return quote(path.toString());
    }

    /**
     * A whole command line: each word {@link #quote(String) quoted} when needed, joined by single spaces.
     * Give options and their values as separate words ({@code "-f", file}), as the program receives them.
     */
    public static String command(String... words) {
        return command(Arrays.asList(words));
    }

    /** {@link #command(String...)} of a list of words. */
    public static String command(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    /**
     * {@code export NAME=value} with the value quoted when needed: the line that sets a variable for the commands
     * typed after it.
     *
     * @param name a variable name (letters, digits and {@code _}, not starting with a digit)
     * @throws IllegalArgumentException when the name is not a shell variable name
     */
    public static String export(String name, String value) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a shell variable name: " + name);
        }
        return "export " + name + "=" + quote(value);
    }

    private static boolean isPlain(String word) {
        if (word.isEmpty() || word.charAt(0) == '=') {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '-' || c == '.' || c == '/' || c == ',' || c == ':' || c == '@' || c == '%'
                    || c == '+' || c == '=';
            if (!plain) {
                return false;
            }
        }
        return true;
    }
}
