package dev.ingresslab.translate;

/**
 * How this controller identifies itself and the choices a user can switch.
 *
 * @param controllerName  the {@code spec.controller} of our IngressClass
 * @param className       the name of our IngressClass
 * @param serveClassless  serve Ingresses that name no class (the chapter's manifests have none; §11.1)
 * @param httpsPort       the port of the https listener, where plain HTTP is redirected for TLS hosts; 0 when the
 *                        proxy serves no https listener (nothing is then redirected to https)
 */
public record TranslatorSettings(String controllerName, String className, boolean serveClassless, int httpsPort) {

    public static final String CONTROLLER_NAME = "ingress-lab.dev/controller";
    public static final String CLASS_NAME = "ingress-lab";

    public static TranslatorSettings defaults() {
        return new TranslatorSettings(CONTROLLER_NAME, CLASS_NAME, true, 443);
    }

    public TranslatorSettings withServeClassless(boolean serve) {
        return new TranslatorSettings(controllerName, className, serve, httpsPort);
    }

    public TranslatorSettings withHttpsPort(int port) {
        return new TranslatorSettings(controllerName, className, serveClassless, port);
    }

    /** Settings for a proxy that serves no https listener: TLS hosts are then served on plain HTTP. */
    public TranslatorSettings withoutHttps() {
        return withHttpsPort(0);
    }

    /**
     * The settings for a proxy as it runs: redirects name the https port it actually bound, and there are none when
     * it serves no https listener (ingress-semantics.md §6.3: plain HTTP is redirected only where https is served).
     *
     * @param boundHttpsPort the proxy's https port ({@code ProxyServer.httpsPort()}), or -1 without one
     */
    public TranslatorSettings servingHttpsOn(int boundHttpsPort) {
        return boundHttpsPort > 0 ? withHttpsPort(boundHttpsPort) : withoutHttps();
    }

    /** The table's listeners: {@code http}, and {@code https} on {@link #httpsPort()} unless it is 0. */
    public java.util.List<dev.ingresslab.route.Listener> listeners() {
        return httpsPort > 0 ? java.util.List.of(dev.ingresslab.route.Listener.http(0),
                dev.ingresslab.route.Listener.https(httpsPort)) : java.util.List.of(dev.ingresslab.route.Listener.http(0));
    }
}
