package dev.ingresslab.route;

/**
 * Text from a request or an Ingress made safe to print in a message: control characters shown as {@code \xNN}
 * (so a header cannot forge log lines), and long text cut.
 */
public final class UntrustedText {

    static final int MAX_SHOWN = 200;

    private UntrustedText() {
    }

    public static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 8);
        int shown = Math.min(text.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > MAX_SHOWN ? out.append('…').toString() : out.toString();
    }
}
