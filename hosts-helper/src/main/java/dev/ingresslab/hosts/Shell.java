package dev.ingresslab.hosts;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for POSIX sh (IEEE Std 1003.1, "Quoting"): what is shown to users and what osascript hands to sh. */
final class Shell {
    private Shell() {
    }

    /** {@code word} as one sh word: unchanged when it is made of safe characters, else in single quotes. */
    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80
                || "-_./=:,+@%".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words joined into one sh command line. */
    static String join(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
