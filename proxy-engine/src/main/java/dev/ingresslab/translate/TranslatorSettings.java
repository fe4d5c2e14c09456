package dev.ingresslab.translate;

/**
 * How this controller identifies itself and the choices a user can switch.
 *
 * @param controllerName  the {@code spec.controller} of our IngressClass
 * @param className       the name of our IngressClass
 * @param serveClassless  serve Ingresses that name no class (the chapter's manifests have none; §11.1)
 * @param httpsPort       the port of the https listener, where plain HTTP is redirected for TLS hosts; 0 when the
 *                        proxy serves no https listener (nothing is then redirected to https)
 * @param adoptedClasses  other controllers' IngressClasses whose Ingresses are served as if they were ours: empty for
 *                        a running proxy (another controller's Ingresses are never served or written); {@code
 *                        convert} adopts ingress-nginx's ({@link AdoptedClass#INGRESS_NGINX}), since moving off it is
 *                        what a conversion is for
 */
public record TranslatorSettings(String controllerName, String className, boolean serveClassless, int httpsPort,
                                 java.util.List<AdoptedClass> adoptedClasses) {

    public static final String CONTROLLER_NAME = "ingress-lab.dev/controller";
    public static final String CLASS_NAME = "ingress-lab";

    /**
     * Another controller's IngressClass, by its usual name and its {@code spec.controller}: an Ingress naming {@code
     * className} when the input holds no IngressClass, or an IngressClass of {@code controllerName}, is adopted.
     */
    public record AdoptedClass(String className, String controllerName) {
        /** ingress-nginx's: class {@code nginx}, controller {@code k8s.io/ingress-nginx} (its chart's defaults). */
        public static final AdoptedClass INGRESS_NGINX = new AdoptedClass("nginx", "k8s.io/ingress-nginx");
    }

    public TranslatorSettings {
        adoptedClasses = java.util.List.copyOf(adoptedClasses);
    }

    public static TranslatorSettings defaults() {
        return new TranslatorSettings(CONTROLLER_NAME, CLASS_NAME, true, 443, java.util.List.of());
    }

    public TranslatorSettings withServeClassless(boolean serve) {
        return new TranslatorSettings(controllerName, className, serve, httpsPort, adoptedClasses);
    }

    public TranslatorSettings withHttpsPort(int port) {
        return new TranslatorSettings(controllerName, className, serveClassless, port, adoptedClasses);
    }

    /** These settings, serving the Ingresses of {@code adopted} too (for {@code convert}). */
    public TranslatorSettings adopting(AdoptedClass adopted) {
        java.util.List<AdoptedClass> classes = new java.util.ArrayList<>(adoptedClasses);
        classes.add(adopted);
        return new TranslatorSettings(controllerName, className, serveClassless, httpsPort, classes);
    }

    /** Whether an Ingress naming {@code name} is served when the input holds no IngressClass at all. */
    public boolean servesClassName(String name) {
        return className.equals(name) || adoptedClasses.stream().anyMatch(c -> c.className().equals(name));
    }

    /** Whether an IngressClass of {@code controller} ({@code spec.controller}) is ours or adopted. */
    public boolean servesController(String controller) {
        return controllerName.equals(controller)
                || adoptedClasses.stream().anyMatch(c -> c.controllerName().equals(controller));
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
