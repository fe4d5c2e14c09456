package dev.ingresslab.route;

import java.util.List;
import java.util.Objects;

/**
 * The filters of an HTTPRoute rule, in the order written, which is the order they apply in (Gateway API v1 {@code
 * HTTPRouteFilter}; ingress-semantics.md §9.5). Ingress routes have {@link #NONE}. A rule has at most one redirect
 * or one rewrite (the API's validation refuses both together), so their accessors return the one there is.
 *
 * @param filters the filters in order
 */
public record RouteFilters(List<Filter> filters) {

    public static final RouteFilters NONE = new RouteFilters(List.of());

    /** One filter. */
    public sealed interface Filter permits HeaderModifier, RequestRedirect, UrlRewrite, Unapplied {
        /** {@code RequestHeaderModifier set x-a=1}. */
        String display();
    }

    /** A header name and value. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    /**
     * {@code RequestHeaderModifier} (applied before forwarding) or {@code ResponseHeaderModifier} (before answering):
     * {@code set} replaces every value of the name, {@code add} appends a value ({@code foo,bar}), {@code remove}
     * deletes the name; names case-insensitive.
     */
    public record HeaderModifier(boolean response, List<Header> set, List<Header> add, List<String> remove)
            implements Filter {
        public HeaderModifier {
            set = List.copyOf(set);
            add = List.copyOf(add);
            remove = List.copyOf(remove);
        }

        @Override
        public String display() {
            StringBuilder text = new StringBuilder(response ? "ResponseHeaderModifier" : "RequestHeaderModifier");
            set.forEach(h -> text.append(" set ").append(h.name()).append('=').append(h.value()));
            add.forEach(h -> text.append(" add ").append(h.name()).append('=').append(h.value()));
            remove.forEach(name -> text.append(" remove ").append(name));
            return text.toString();
        }
    }

    /**
     * How a redirect or rewrite changes the path: {@code ReplaceFullPath} replaces the whole path, {@code
     * ReplacePrefixMatch} the element prefix the rule's PathPrefix matched (§9.5's table).
     *
     * @param fullPath true for ReplaceFullPath
     * @param value    the replacement
     */
    public record PathModifier(boolean fullPath, String value) {
        public PathModifier {
            Objects.requireNonNull(value);
        }

        /**
         * The new path.
         *
         * @param path      the normalised request path
         * @param prefixKey the PathPrefix that matched, without its trailing slash ({@link RouteMatch#prefixKey()});
         *                  only read for ReplacePrefixMatch
         */
        public String apply(String path, String prefixKey) {
            if (fullPath) {
                return value;
            }
            String rest = path.length() >= prefixKey.length() ? path.substring(prefixKey.length()) : "";
            String replacement = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            String result = replacement + rest;
            return result.isEmpty() ? "/" : result;
        }

        public String display() {
            return (fullPath ? "ReplaceFullPath " : "ReplacePrefixMatch ") + value;
        }
    }

    /**
     * {@code RequestRedirect}: answers with {@code statusCode} and a Location built from the request, each part
     * replaced when given.
     *
     * @param scheme     {@code http}/{@code https}, or null to keep the request's
     * @param hostname   or null to keep the request's host
     * @param port       or null: the scheme's well-known port when the scheme is changed, else the request's port
     * @param path       or null to keep the path
     * @param statusCode 301, 302 (the default), 303, 307 or 308
     */
    public record RequestRedirect(String scheme, String hostname, Integer port, PathModifier path, int statusCode)
            implements Filter {
        @Override
        public String display() {
            return "RequestRedirect " + statusCode + (scheme == null ? "" : " scheme " + scheme)
                    + (hostname == null ? "" : " hostname " + hostname) + (port == null ? "" : " port " + port)
                    + (path == null ? "" : " path " + path.display());
        }
    }

    /**
     * {@code URLRewrite}: the request is forwarded with another Host and/or path.
     *
     * @param hostname the Host sent to the backend, or null to keep the request's
     * @param path     or null to keep the path
     */
    public record UrlRewrite(String hostname, PathModifier path) implements Filter {
        @Override
        public String display() {
            return "URLRewrite" + (hostname == null ? "" : " hostname " + hostname)
                    + (path == null ? "" : " path " + path.display());
        }
    }

    /**
     * A filter Ingress Lab cannot apply (an unsupported type, an {@code ExtensionRef}). The Gateway API never lets a
     * filter be skipped: "requests that would have been processed by that filter MUST receive a HTTP error response"
     * (v1 {@code HTTPRouteFilter.type}), so the rule answers 500 while it holds one.
     *
     * @param type    the filter's {@code type} as written
     * @param field   where it is ({@code spec.rules[0].filters[1]})
     * @param problem why it cannot be applied, and what to do
     */
    public record Unapplied(String type, String field, String problem) implements Filter {
        public Unapplied {
            Objects.requireNonNull(type);
            Objects.requireNonNull(field);
            Objects.requireNonNull(problem);
        }

        @Override
        public String display() {
            return (type.isEmpty() ? "(no type)" : type) + " (cannot be applied: answered 500)";
        }
    }

    public RouteFilters {
        filters = List.copyOf(filters);
    }

    /** The rule's first filter that cannot be applied, or null (then the rule answers 500). */
    public Unapplied unapplied() {
        for (Filter filter : filters) {
            if (filter instanceof Unapplied unapplied) {
                return unapplied;
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }

    /** The rule's redirect, or null. */
    public RequestRedirect redirect() {
        for (Filter filter : filters) {
            if (filter instanceof RequestRedirect redirect) {
                return redirect;
            }
        }
        return null;
    }

    /** The rule's rewrite, or null. */
    public UrlRewrite rewrite() {
        for (Filter filter : filters) {
            if (filter instanceof UrlRewrite rewrite) {
                return rewrite;
            }
        }
        return null;
    }

    /** The header modifiers of one direction, in order. */
    public List<HeaderModifier> headerModifiers(boolean response) {
        return filters.stream().filter(f -> f instanceof HeaderModifier m && m.response() == response)
                .map(HeaderModifier.class::cast).toList();
    }

    /**
     * Whether forwarding must change the request's or the response's header fields (header modifiers, a Host
     * rewrite): the proxy's lean path copies heads as received, so such requests take its general path.
     */
    public boolean changesHeaders() {
        return filters.stream().anyMatch(f -> f instanceof HeaderModifier
                || f instanceof UrlRewrite rewrite && rewrite.hostname() != null);
    }
}
