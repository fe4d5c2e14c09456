package dev.ingresslab.convert;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;

/**
 * Compiles converted Gateway API objects into a route table, as the Gateway API route compiler does for the proxy:
 * the Gateway side of a {@link ConversionCheck}.
 */
@FunctionalInterface
public interface GatewayCompiler {

    /**
     * @param conversion the Gateway, HTTPRoutes and ReferenceGrants to compile
     * @param backends   the Services, EndpointSlices and Secrets the Ingresses were compiled with (its Ingresses are
     *                   not to be compiled)
     * @param settings   the settings the Ingresses were compiled with (the https port redirects name)
     */
    RouteTable compile(GatewayConversion conversion, TranslationInput backends, TranslatorSettings settings);
}
