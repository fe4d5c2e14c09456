package dev.ingresslab.control;

import com.sun.net.httpserver.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the control endpoint: a program of this machine's user that read the token from the owner-only
 * control file. Checked on the request head alone, before any body is read:
 * <ol>
 * <li>{@code Host} must be a loopback name ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}, any port): a web
 * page whose DNS name was rebound to 127.0.0.1 sends its own name, and gets 403 (as {@code kubectl proxy}'s filter
 * and the sandbox's API server answer it);</li>
 * <li>no {@code Origin}, and no {@code Sec-Fetch-Site} other than {@code none}: browsers add them to every request a
 * page makes, and no command line sends them (403);</li>
 * <li>{@code Authorization: Bearer TOKEN} (RFC 6750 §2.1) with the instance's token, compared in constant time
 * (401 with {@code WWW-Authenticate: Bearer}, RFC 6750 §3).</li>
 * </ol>
 */
final class RequestGuard {

    /** A refusal: the status and the message that says what to do. */
    record Refusal(int status, String message) {
    }

    private final byte[] expected;

    RequestGuard(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    }

    /** Empty when the request may be served. */
    Optional<Refusal> check(Headers headers) {
        String host = headers.getFirst("Host");
        if (host == null || !isLoopbackName(host)) {
            return Optional.of(new Refusal(403, "refused: the Host " + (host == null ? "(none)" : "\"" + host + "\"")
                    + " is not a loopback name; the control endpoint answers requests for 127.0.0.1, localhost or"
                    + " [::1] only (a web page's rebound DNS name is refused)"));
        }
        if (headers.containsKey("Origin")) {
            return Optional.of(new Refusal(403, "refused: requests from web pages (with an Origin header) are not"
                    + " served; use the ingress-lab command"));
        }
        String fetchSite = headers.getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("none")) {
            return Optional.of(new Refusal(403, "refused: requests from web pages (Sec-Fetch-Site: " + fetchSite
                    + ") are not served; use the ingress-lab command"));
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || !MessageDigest.isEqual(expected,
                authorization.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(new Refusal(401, (authorization == null ? "no token" : "wrong token")
                    + ": send the token of this instance's control file as `Authorization: Bearer TOKEN`; the"
                    + " ingress-lab commands (routes, requests, explain) read it for you"));
        }
        return Optional.empty();
    }

    /** {@code 127.0.0.1}, {@code localhost} or {@code [::1]}, with or without a port. */
    static boolean isLoopbackName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[::1]")) {
            return name.length() == 5 || isPort(name.substring(5));
        }
        int colon = name.indexOf(':');
        String bare = colon < 0 ? name : name.substring(0, colon);
        return (bare.equals("127.0.0.1") || bare.equals("localhost"))
                && (colon < 0 || isPort(name.substring(colon)));
    }

    private static boolean isPort(String colonAndDigits) {
        return colonAndDigits.length() > 1 && colonAndDigits.length() <= 6 && colonAndDigits.charAt(0) == ':'
                && colonAndDigits.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
