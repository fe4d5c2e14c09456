package dev.ingresslab.convert;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;

import java.util.Objects;

/**
 * Converts Ingresses (with the ingress-nginx annotations Ingress Lab reads, ingress-semantics.md §6) into one Gateway
 * and HTTPRoutes (Gateway API v1, {@code gateway.networking.k8s.io}) that route the same requests the same way,
 * listing in {@link GatewayConversion#untranslatable()} everything they cannot carry.
 *
 * <p>It converts what the Ingress compiler made of the Ingresses, not their text: the same class selection,
 * conflicts, regex mode, canaries and redirects as the proxy, so a path that lost a conflict, or an Ingress of
 * another class, is listed rather than converted into a route that would win on a Gateway. The output:
 * <ul>
 *   <li>a Gateway {@value #GATEWAY_NAME} of class {@code ingress-lab}: a listener {@code http} (port 80), and an HTTPS
 *   listener per TLS host ({@code https-<host>}, the Ingress's {@code spec.tls} Secret as its certificateRef);</li>
 *   <li>an HTTPRoute per Ingress and host ({@code <ingress>} when the Ingress has one host, else
 *   {@code <ingress>-<host>}): a rule per path, the host's defaultBackend as a {@code PathPrefix /} rule, canary
 *   weights as backendRef weights, {@code rewrite-target} as URLRewrite where it is exactly expressible;</li>
 *   <li>for a host redirected to https ({@code ssl-redirect}, §6.3), the routes on the HTTPS listeners and an
 *   {@code <route>-https-redirect} HTTPRoute on the {@code http} listener with RequestRedirect (308) rules;</li>
 *   <li>the catch-all defaultBackend as an HTTPRoute {@code <ingress>-default-backend} without hostnames;</li>
 *   <li>ReferenceGrants when a TLS Secret is in another namespace than the Gateway.</li>
 * </ul>
 * Thread-safe: each call works on its own state.
 */
public final class IngressToGateway {

    /** The Gateway's name. */
    public static final String GATEWAY_NAME = "ingress-lab";
    /** The plain-HTTP listener's name. */
    public static final String HTTP_LISTENER = "http";
    /** The port of the plain-HTTP listener. */
    public static final int HTTP_PORT = 80;

    private final TranslatorSettings settings;

    /**
     * @param settings the class selection and https port the Ingresses are compiled with (the https listeners'
     *                 port; 443 when {@code httpsPort} is 0)
     */
    public IngressToGateway(TranslatorSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** Converts the Ingresses of the input; Services (for port names) and Secrets are read from it too. */
    public GatewayConversion convert(TranslationInput input) {
        RouteTable table = new IngressTranslator(settings).translate(input).table();
        int httpsPort = settings.httpsPort() > 0 ? settings.httpsPort() : 443;
        return new ConversionRun(input, table, httpsPort).run();
    }

    public TranslatorSettings settings() {
        return settings;
    }
}
