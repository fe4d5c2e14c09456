package dev.ingresslab.sandbox;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every request passes before the sandbox's API server looks at it, in the order a request meets them:
 * <ol>
 *   <li>its {@code Host} (and the authority of an absolute request target) names loopback: {@code localhost},
 *       {@code 127.0.0.1} or {@code [::1]}, with any port; the default {@code --accept-hosts} of {@code kubectl proxy}
 *       (kubectl's {@code pkg/proxy}). A page that rebinds its own DNS name to 127.0.0.1 sends its own name:
 *       403;</li>
 *   <li>it does not come from a web page: an {@code Origin} that is not this server's own ({@code https://} a loopback
 *       name and the port the request came in on), or {@code Sec-Fetch-Site: cross-site} or {@code same-site}
 *       (Fetch Metadata, W3C): 403;</li>
 *   <li>it carries the kubeconfig's bearer token, but for {@code /healthz}, {@code /livez}, {@code /readyz} and
 *       {@code /version}, which kube-apiserver's default RBAC opens to anyone ({@code system:public-info-viewer}):
 *       401 {@code Unauthorized}, worded as kube-apiserver words it;</li>
 *   <li>a write's body is of a type the API server reads: JSON, YAML or protobuf (or no type, which kube-apiserver
 *       reads as JSON), or one of the patch types for a PATCH. The types an HTML form or a "simple" cross-origin {@code fetch} may send without asking first
 *       ({@code text/plain}, form encodings; the Fetch standard's CORS-safelisted request headers) are among those
 *       refused: 415, with kube-apiserver's message.</li>
 * </ol>
 * Each refusal is a {@code Status} (kubectl prints its message) answered from the request's head alone: the body is
 * never read, however large it is announced (or chunked) to be, and the connection is closed after the answer
 * ({@code Connection: close}; Undertow shuts the reads down rather than draining the body of a non-persistent
 * exchange). kube-apiserver does the same: its authentication filter ({@code WithAuthentication},
 * k8s.io/apiserver {@code pkg/endpoints/filters/authentication.go}) answers 401 before any handler reads the body,
 * and Go's {@code net/http} server ({@code server.go}: {@code maxPostHandlerReadBytes}, 256 KiB) then discards at
 * most that much of the unread body and, for a bigger one, answers with {@code Connection: close} and closes the
 * connection ({@code closeWriteAndWait}) instead of reading on. The checks read a few header fields and allocate
 * nothing on the way through.
 */
final class ApiServerDoor implements HttpHandler {

    /** What anyone may read without a token on kube-apiserver (the system:public-info-viewer ClusterRole). */
    private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

    private static final Set<String> OBJECT_TYPES = Set.of("application/json", "application/yaml",
            ProtobufBodies.CONTENT_TYPE);
    private static final Set<String> PATCH_TYPES = Set.of("application/json-patch+json",
            "application/merge-patch+json", "application/apply-patch+yaml", "application/strategic-merge-patch+json");

    private static final HttpString SEC_FETCH_SITE = HttpString.tryFromString("Sec-Fetch-Site");
    private static final HttpString WARNING = HttpString.tryFromString("Warning");

    private static final String NOT_A_PAGE = "a web page cannot drive the sandbox: use kubectl, or a client that is"
            + " not a browser, with the sandbox's kubeconfig";

    private final String token;
    private final String kubeconfig;
    private final HttpHandler next;

    /**
     * @param token      the bearer token every request but the public ones must carry
     * @param kubeconfig where the kubeconfig that carries it is, for the hint a 401 gives
     * @param next       what a request that passes goes to
     */
    ApiServerDoor(String token, String kubeconfig, HttpHandler next) {
        this.token = token;
        this.kubeconfig = kubeconfig;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<ApiStatus> refusal = refusal(exchange);
        if (refusal.isPresent()) {
            exchange.setPersistent(false);
            if (refusal.get().code() == 401) {
                exchange.getResponseHeaders().add(WARNING, "299 - \"the sandbox API server needs the token of its"
                        + " kubeconfig: export KUBECONFIG=" + kubeconfig.replace("\"", "\\\"") + "\"");
            }
            refusal.get().sendTo(exchange);
            return;
        }
        next.handleRequest(exchange);
    }

    private Optional<ApiStatus> refusal(HttpServerExchange exchange) {
        HeaderValues hosts = exchange.getRequestHeaders().get(Headers.HOST);
        if (hosts == null || hosts.size() != 1) {
            return Optional.of(forbidden("the request must name its host once in a Host field (it named "
                    + (hosts == null ? "none" : hosts.size()) + ")", "send HTTP/1.1 with Host: 127.0.0.1"));
        }
        if (!isLoopback(hosts.getFirst())) {
            return Optional.of(forbidden("the sandbox API server answers only to the loopback names localhost,"
                    + " 127.0.0.1 and [::1] (as kubectl proxy does); Host \"" + hosts.getFirst() + "\" is refused"
                    + " (a page whose DNS name was rebound to 127.0.0.1 sends its own name)",
                    "use the server address of the sandbox's kubeconfig"));
        }
        if (exchange.isHostIncludedInRequestURI() && !isLoopback(authorityOf(exchange.getRequestURI()))) {
            return Optional.of(forbidden("the request target " + exchange.getRequestURI() + " names a host that is"
                    + " not loopback", "send the path only, with Host: 127.0.0.1"));
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null && !isOwnOrigin(origin, exchange.getDestinationAddress().getPort())) {
            return Optional.of(forbidden("the request comes from the web page at Origin \"" + origin + "\", which is"
                    + " not this API server", NOT_A_PAGE));
        }
        String site = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            return Optional.of(forbidden("the request comes from a web page of another origin (Sec-Fetch-Site: "
                    + site + ")", NOT_A_PAGE));
        }
        if (!PUBLIC.contains(exchange.getRequestPath())
                && !AccessTokens.presents(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), token)) {
            return Optional.of(new ApiStatus(401, "Unauthorized", "Unauthorized", null));
        }
        return unreadableBody(exchange);
    }

    /** kube-apiserver's 415 for a write whose body (or declared type) is of a type it does not decode. */
    private static Optional<ApiStatus> unreadableBody(HttpServerExchange exchange) {
        String method = exchange.getRequestMethod().toString();
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        boolean hasBody = exchange.getRequestContentLength() > 0
                || exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (!hasBody && contentType == null) {
            return Optional.empty(); // nothing to decode (kubectl exec's POST has no body)
        }
        if (contentType == null && !method.equals("PATCH")) {
            // kube-apiserver reads a body without a type as JSON, its first type (NegotiateInputSerializer), and
            // kubectl create/replace --raw send none; a page cannot reach this far (token, Origin) to send one
            return Optional.empty();
        }
        Set<String> accepted = switch (method) {
            case "POST", "PUT" -> OBJECT_TYPES;
            case "PATCH" -> PATCH_TYPES;
            case "DELETE" -> OBJECT_TYPES; // a DeleteOptions
            default -> null;
        };
        if (accepted == null || accepted.contains(mediaType(contentType))) {
            return Optional.empty();
        }
        return Optional.of(ApiStatus.unsupportedMediaType("the body of the request was in an unknown format -"
                + " accepted media types include: " + String.join(", ", accepted.stream().sorted().toList()),
                "send the object as JSON or YAML with its Content-Type, as kubectl does (a web page's text/plain"
                        + " or form body is refused so that no page can write to the sandbox)"));
    }

    private static ApiStatus forbidden(String message, String hint) {
        return new ApiStatus(403, "Forbidden", message + "\nhint: " + hint, null);
    }

    /** The media type of a Content-Type value (RFC 9110 §8.3.1), lower case; "" when there is none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * True when {@code authority} ({@code host[:port]}, RFC 3986 §3.2) names loopback as kubectl proxy's default
     * accept-hosts do: {@code localhost} (any case), {@code 127.0.0.1} or {@code [::1]}, with a decimal port or none.
     */
    static boolean isLoopback(String authority) {
        if (authority == null) {
            return false;
        }
        int portColon = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
        if (portColon <= 0) {
            portColon = authority.startsWith("[") ? -1 : authority.length();
        }
        if (portColon < 0) {
            return false;
        }
        String host = authority.substring(0, portColon);
        String port = authority.substring(portColon);
        boolean validPort = port.isEmpty() || (port.charAt(0) == ':' && port.length() >= 2 && port.length() <= 6
                && port.chars().skip(1).allMatch(c -> c >= '0' && c <= '9'));
        return validPort && (host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }

    /** True when {@code origin} (RFC 6454 §7) is this server's: https, a loopback name, the port of the request. */
    static boolean isOwnOrigin(String origin, int port) {
        String prefix = "https://";
        if (!origin.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        String authority = origin.substring(prefix.length());
        return isLoopback(authority) && authority.endsWith(":" + port);
    }

    /** The authority of an absolute URI ({@code http://host:port/path}); null when it has none. */
    private static String authorityOf(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return null;
        }
        int end = uri.indexOf('/', start + 3);
        return uri.substring(start + 3, end < 0 ? uri.length() : end);
    }
}
