package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the API server does to a Secret between decoding a write and storing it, so that the sandbox stores what a
 * cluster stores: {@code stringData} is write-only, each of its entries is base64-encoded into {@code data} (a key in
 * both takes the {@code stringData} value) and {@code stringData} itself is dropped
 * ({@code pkg/apis/core/v1/conversion.go}, {@code Convert_v1_Secret_To_core_Secret}); a Secret written without a
 * {@code type} gets {@code Opaque} ({@code pkg/apis/core/v1/defaults.go}, {@code SetDefaults_Secret}). The API server
 * runs this conversion on every create, replace and patch (the patch is applied to the stored object, then
 * converted), dry run included; so does the sandbox. Other kinds are left as they are.
 */
final class SecretConversion {

    private SecretConversion() {
    }

    /** Converts {@code object} in place when {@code kind} is {@code Secret}. */
    static void toStored(JsonNode object, String kind) {
        if (!kind.equals("Secret") || !(object instanceof ObjectNode secret)) {
            return;
        }
        if (!secret.hasNonNull("type") || secret.get("type").asString("").isEmpty()) {
            secret.put("type", "Opaque");
        }
        JsonNode stringData = secret.remove("stringData");
        if (stringData == null || !stringData.isObject() || stringData.isEmpty()) {
            return;
        }
        ObjectNode data = secret.get("data") instanceof ObjectNode d ? d : secret.putObject("data");
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(stringData.properties());
        for (Map.Entry<String, JsonNode> entry : entries) {
            byte[] bytes = entry.getValue().asString("").getBytes(StandardCharsets.UTF_8);
            data.put(entry.getKey(), Base64.getEncoder().encodeToString(bytes));
        }
    }
}
