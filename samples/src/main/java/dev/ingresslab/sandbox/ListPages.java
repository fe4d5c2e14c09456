package dev.ingresslab.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paged lists as kube-apiserver serves them ({@code limit} and {@code continue}, API concepts "Retrieving large
 * results sets in chunks"): a page of at most {@code limit} objects in key order (namespace, then name), and, when
 * more remain, a {@code metadata.continue} token and {@code metadata.remainingItemCount} (omitted when a label or
 * field selector filtered the list, as the API server omits it then).
 *
 * <p>The token is the API server's own encoding (k8s.io/apiserver {@code pkg/storage/continue.go},
 * {@code EncodeContinue}): unpadded base64url of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}}, where
 * the key is relative to the list's prefix ({@code namespace/name} across namespaces, {@code name} in one). A token
 * that does not decode, names another version, no resourceVersion or no key, or a key that climbs out of the prefix
 * ({@code ../}) is a 400 {@code invalid continue token: continue key is not valid…}, as {@code DecodeContinue} and
 * the etcd3 store's {@code GetList} answer. The sandbox keeps no history: a continued list reads the objects as they
 * are now (a real API server reads them at the token's resourceVersion), and the page keeps the token's
 * resourceVersion.
 */
final class ListPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VERSION = "meta.k8s.io/v1";
    private static final String NOT_VALID = "continue key is not valid";

    /**
     * One page.
     *
     * @param items           the page's objects, in key order
     * @param resourceVersion the list's resourceVersion (the token's, for a continued list)
     * @param next            the continue token, or null on the last page
     * @param remaining       how many objects follow the page, or null when not told (selectors, or the last page)
     */
    record Page(List<JsonNode> items, String resourceVersion, String next, Long remaining) {

        /** The list's {@code metadata} (ListMeta) for this page. */
        Map<String, Object> listMeta() {
            Map<String, Object> meta = new LinkedHashMap<>();
            if (!resourceVersion.isEmpty()) {
                meta.put("resourceVersion", resourceVersion);
            }
            if (next != null) {
                meta.put("continue", next);
            }
            if (remaining != null) {
                meta.put("remainingItemCount", remaining);
            }
            return meta;
        }
    }

    /** The list's parameters, read from the query; {@code limit <= 0} (or none) means the whole list. */
    record Request(long limit, String continueToken, boolean namespaced, boolean filtered) {
    }

    private ListPages() {
    }

    /**
     * Cuts {@code sorted} (in key order) into the page {@code request} asks for.
     *
     * @throws IllegalArgumentException with the API server's message, when the continue token is not valid or is
     *                                  given with a resourceVersion
     */
    static Page page(List<JsonNode> sorted, String resourceVersion, Request request) {
        int from = 0;
        String version = resourceVersion;
        if (request.continueToken() != null && !request.continueToken().isEmpty()) {
            Start start = decode(request.continueToken());
            version = String.valueOf(start.resourceVersion());
            while (from < sorted.size() && key(sorted.get(from), request.namespaced()).compareTo(start.key()) < 0) {
                from++;
            }
        }
        if (request.limit() <= 0 || sorted.size() - from <= request.limit()) {
            return new Page(sorted.subList(from, sorted.size()), version, null, null);
        }
        int to = from + (int) request.limit();
        String next = encode(key(sorted.get(to - 1), request.namespaced()) + "\u0000", rvOf(version));
        Long remaining = request.filtered() ? null : (long) (sorted.size() - to);
        return new Page(sorted.subList(from, to), version, next, remaining);
    }

    /** An object's key under the list's prefix: {@code name} in a namespace, {@code namespace/name} across them. */
    private static String key(JsonNode object, boolean namespaced) {
        String name = object.path("metadata").path("name").asString("");
        String namespace = object.path("metadata").path("namespace").asString("");
        return namespaced || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The resourceVersion as the token carries it: a number (etcd's revision); 1 when the store gave none. */
    private static long rvOf(String resourceVersion) {
        try {
            return Math.max(1, Long.parseLong(resourceVersion));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String encode(String startKey, long resourceVersion) {
        ObjectNode token = JSON.createObjectNode();
        token.put("v", VERSION);
        token.put("rv", resourceVersion);
        token.put("start", startKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsString(token)
                .getBytes(StandardCharsets.UTF_8));
    }

    private record Start(String key, long resourceVersion) {
    }

    private static Start decode(String token) {
        int badBase64 = firstNonBase64(token);
        if (badBase64 >= 0) {
            // Go's base64.RawURLEncoding: "illegal base64 data at input byte N" (encoding/base64 CorruptInputError)
            throw invalid(NOT_VALID + ": illegal base64 data at input byte " + badBase64);
        }
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid(NOT_VALID + ": illegal base64 data at input byte " + token.length());
        }
        JsonNode decoded;
        try {
            decoded = JSON.readTree(json);
        } catch (tools.jackson.core.JacksonException e) {
            // kube-apiserver passes encoding/json's error on; the parser's own words (and its internals) stay here.
            throw invalid(NOT_VALID + ": " + goJsonSyntaxError(json));
        }
        if (decoded == null || decoded.isMissingNode()) {
            throw invalid(NOT_VALID + ": unexpected end of JSON input");
        }
        if (!decoded.isObject() || !VERSION.equals(decoded.path("v").asString(""))) {
            throw invalid(NOT_VALID + ": server does not recognize this encoded version");
        }
        long rv = decoded.path("rv").asLong(0);
        if (rv == 0) {
            throw invalid(NOT_VALID + ": incorrect encoded start resourceVersion (version " + VERSION + ")");
        }
        String start = decoded.path("start").asString("");
        if (start.isEmpty()) {
            throw invalid(NOT_VALID + ": encoded start key empty (version " + VERSION + ")");
        }
        String rooted = start.startsWith("/") ? start : "/" + start;
        if (!isClean(rooted)) {
            throw invalid(NOT_VALID + ": " + start); // no climbing out of the list's prefix
        }
        return new Start(rooted.substring(1), rv);
    }

    /** The index of the first character RawURLEncoding does not take (padding included), or -1 when none. */
    private static int firstNonBase64(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return i;
            }
        }
        return token.length() % 4 == 1 ? token.length() - 1 : -1;
    }

    /**
     * encoding/json's words for a token that is not JSON, as {@code json.Unmarshal} reports the first bad byte
     * ({@code SyntaxError}: "invalid character 'X' looking for beginning of value", the character quoted as Go's
     * {@code quoteChar} does, or "unexpected end of JSON input").
     */
    private static String goJsonSyntaxError(byte[] json) {
        int i = 0;
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        if (i == json.length) {
            return "unexpected end of JSON input";
        }
        int c = json[i] & 0xff;
        if ("{[\"-0123456789tfn".indexOf(c) >= 0) {
            return "the decoded token is not a JSON object"; // a fault past the first byte: no Go wording to mirror
        }
        String quoted = c == '\'' ? "\\'" : c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c);
        return "invalid character '" + quoted + "' looking for beginning of value";
    }

    /** True when Go's {@code path.Clean} would leave the rooted key as it is: no empty, {@code .} or {@code ..} segment. */
    private static boolean isClean(String rooted) {
        if (rooted.length() > 1 && rooted.endsWith("/")) {
            return false;
        }
        for (String segment : rooted.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return rooted.equals("/") && segment.isEmpty();
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("invalid continue token: " + why);
    }
}
