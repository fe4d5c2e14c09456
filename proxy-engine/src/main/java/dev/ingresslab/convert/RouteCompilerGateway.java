package dev.ingresslab.convert;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.GatewayApiInput;
import dev.ingresslab.translate.GatewayApiResults;
import dev.ingresslab.translate.RouteCompiler;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;

import java.util.List;

/**
 * The Gateway side as the proxy would route it: the converted objects compiled by the standard {@link RouteCompiler}
 * (its Gateway and HTTPRoute processors), with Ingress Lab's GatewayClass ({@code ingress-lab}, controller
 * {@code ingress-lab.dev/controller}), which a cluster running Ingress Lab has and the conversion does not write.
 */
public final class RouteCompilerGateway implements GatewayCompiler {

    /** The GatewayClass the converted Gateway names, as Ingress Lab installs it. */
    static final GatewayClass OUR_CLASS = new GatewayClassBuilder().withNewMetadata()
            .withName(TranslatorSettings.CLASS_NAME).endMetadata().withNewSpec()
            .withControllerName(GatewayApiResults.CONTROLLER_NAME).endSpec().build();

    @Override
    public RouteTable compile(GatewayConversion conversion, TranslationInput backends, TranslatorSettings settings) {
        GatewayApiInput objects = new GatewayApiInput(List.of(OUR_CLASS), List.of(conversion.gateway()),
                conversion.routes(), conversion.grants());
        return RouteCompiler.standard(settings).compile(backends.withGatewayApi(objects)).table();
    }
}
