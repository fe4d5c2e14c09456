package dev.ingresslab.route;

/**
 * When and how plain HTTP is redirected to https, from the ingress-nginx annotations of the Ingress a route comes from
 * (ingress-semantics.md §6.3; ingress-nginx {@code rootfs/etc/nginx/lua/lua_ingress.lua}, {@code redirect_to_https}
 * and {@code rewrite}): a request on plain HTTP is redirected with 308 when {@code force-ssl-redirect} is set, or when
 * {@code ssl-redirect} is (its default) and a certificate is configured for the request's host (a {@link
 * SecureVirtualHost}, exact or wildcard). Never without an https listener.
 *
 * @param sslRedirect           {@code ssl-redirect}, true unless set to false
 * @param force                 {@code force-ssl-redirect: "true"}: redirect even for a host without TLS
 * @param preserveTrailingSlash {@code preserve-trailing-slash: "true"}; by default ingress-nginx drops one trailing
 *                              {@code /} of the request URI in the Location ({@code /a/} becomes {@code /a},
 *                              {@code /} becomes nothing)
 * @param usePortInRedirects    {@code use-port-in-redirects: "true"}: the https port in the Location even when it is 443
 */
public record HttpsRedirect(boolean sslRedirect, boolean force, boolean preserveTrailingSlash,
                            boolean usePortInRedirects) {

    /** No annotation: ingress-nginx's defaults. */
    public static final HttpsRedirect DEFAULT = new HttpsRedirect(true, false, false, false);
    /** Never redirected: the routes that carry no Ingress annotations (the catch-all). */
    public static final HttpsRedirect NEVER = new HttpsRedirect(false, false, false, false);

    /** Whether a plain-HTTP request is redirected, given whether a certificate is configured for its host. */
    public boolean applies(boolean secureHost) {
        return force || (sslRedirect && secureHost);
    }
}
