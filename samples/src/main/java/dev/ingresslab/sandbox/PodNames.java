package dev.ingresslab.sandbox;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The names the controllers give what they create: a ReplicaSet is its Deployment's name and the pod template's
 * hash ({@code alpaca-5d8c9f7b6d}), a Pod its ReplicaSet's name and five random characters ({@code
 * alpaca-5d8c9f7b6d-x2k4q}). Both use the API machinery's alphabet without vowels
 * ({@code k8s.io/apimachinery/pkg/util/rand}: {@code SafeEncodeString}, {@code String}); the hash is FNV-1a
 * (32 bits) of the template as the Deployment holds it, so the same template always gives the same name, and a
 * changed one a new ReplicaSet, as with {@code controller.ComputeHash}.
 */
final class PodNames {

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    /** Map entries (labels, annotations) in key order, so that the same template always hashes alike. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private PodNames() {
    }

    /** The {@code pod-template-hash} label's value: up to ten characters of {@link #ALPHANUMS}. */
    static String templateHash(PodTemplateSpec template) {
        byte[] bytes = JSON.writeValueAsString(template == null ? new PodTemplateSpec() : template)
                .getBytes(StandardCharsets.UTF_8);
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /** Five random characters, as {@code generateName} adds them. */
    static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHANUMS.charAt(ThreadLocalRandom.current().nextInt(ALPHANUMS.length())));
        }
        return suffix.toString();
    }

    /** Each character mapped into the alphabet, so that no word can be spelt. */
    private static String safeEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            encoded.append(ALPHANUMS.charAt(text.charAt(i) % ALPHANUMS.length()));
        }
        return encoded.toString();
    }
}
