package dev.ingresslab.text;

/** A count and its noun, in the number the count asks for: "1 route", "2 routes", "0 routes". */
public final class Plural {

    private Plural() {
    }

    /**
     * The count followed by the noun: singular for exactly 1, else the plural made by adding {@code s}.
     *
     * @param noun the singular, a noun whose plural adds {@code s} (route, endpoint, replica, file)
     */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /** The count followed by the singular for exactly 1, else the given plural (entry, entries). */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
