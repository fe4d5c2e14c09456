package dev.ingresslab.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sandbox's two bearer tokens, drawn afresh for each sandbox from {@link SecureRandom} (256 bits each, base64url):
 * {@code client}, which the kubeconfig carries and the front requires of every request but the health checks (as
 * kube-apiserver's token authenticator does), and {@code store}, which the front and the sandbox's own clients send
 * to the object store and which the store requires. The store's token is never written anywhere: only code in this
 * process can reach the store, so nothing gets past the front's checks.
 *
 * @param client the token of the kubeconfig's user
 * @param store  the token of the object store behind the front
 */
record AccessTokens(String client, String store) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BEARER = "Bearer ";

    static AccessTokens random() {
        return new AccessTokens(draw(), draw());
    }

    private static String draw() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The {@code Authorization} field value that presents {@code token}. */
    static String authorization(String token) {
        return BEARER + token;
    }

    /**
     * True when {@code authorization} (an {@code Authorization} field value, or null) presents {@code token} as a
     * bearer token (RFC 6750 §2.1; the scheme is case-insensitive, RFC 9110 §11.1). Compared in constant time, so
     * the time an answer takes says nothing about how much of a guess was right.
     */
    static boolean presents(String authorization, String token) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }
}
