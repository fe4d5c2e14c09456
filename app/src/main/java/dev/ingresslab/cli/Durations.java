package dev.ingresslab.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a relative duration as kubectl's {@code --since} takes it (Go's {@code time.ParseDuration}, units {@code
 * h}, {@code m}, {@code s}, {@code ms}): {@code 5m}, {@code 90s}, {@code 1h30m}, {@code 1.5h}.
 */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException when the text is not such a duration; the message shows the form
     */
    static Duration parse(String text) {
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < text.length() && part.find(at) && part.start() == at) {
            double amount = Double.parseDouble(part.group(1));
            long millis = Math.round(amount * switch (part.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1_000;
                default -> 1;
            });
            total = total.plusMillis(millis);
            at = part.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw new IllegalArgumentException("--since takes a duration such as 30s, 5m, 2h or 1h30m, not \"" + text
                    + "\"");
        }
        return total;
    }
}
