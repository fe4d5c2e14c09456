package dev.ingresslab.convert;

import dev.ingresslab.route.RouteTable;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;

import java.util.List;

/**
 * Verifies a conversion by behaviour: compiles the Ingresses (the Ingress compiler) and the converted objects (a
 * {@link GatewayCompiler}), generates the {@link ProbeRequests} from the Ingress table, and explains each against
 * both tables ({@link BehaviourCheck}).
 */
public final class ConversionCheck {

    private ConversionCheck() {
    }

    /**
     * @param input      the objects the conversion was made from
     * @param settings   the settings it was made with
     * @param conversion its result
     * @param compiler   compiles the Gateway side
     */
    public static BehaviourCheck.Verification verify(TranslationInput input, TranslatorSettings settings,
                                                     GatewayConversion conversion, GatewayCompiler compiler) {
        RouteTable ingressTable = new IngressTranslator(settings).translate(input).table();
        TranslationInput backends = new TranslationInput(List.of(), input.ingressClasses(), input.services(),
                input.endpointSlices(), input.secrets(), input.given(), input.fromManifests());
        RouteTable gatewayTable = compiler.compile(conversion, backends, settings);
        return BehaviourCheck.check(ProbeRequests.of(ingressTable), new TableRouter(ingressTable, input.services()),
                new TableRouter(gatewayTable, input.services()));
    }
}
