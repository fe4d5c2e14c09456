package dev.ingresslab.core;

import dev.ingresslab.convert.BehaviourCheck;
import dev.ingresslab.convert.ConversionCheck;
import dev.ingresslab.convert.GatewayCompiler;
import dev.ingresslab.convert.GatewayConversion;
import dev.ingresslab.convert.GatewayYaml;
import dev.ingresslab.convert.IngressToGateway;
import dev.ingresslab.convert.RouteCompilerGateway;
import dev.ingresslab.translate.GatewayApiInput;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of {@code convert}, as the command line and the window's Convert view both make it: the Ingresses of an
 * input converted to a Gateway and HTTPRoutes ({@link IngressToGateway}), and, when asked, the behaviour check
 * ({@link ConversionCheck}) that explains the probe requests against the Ingresses and against the converted objects
 * as the proxy's route compiler compiles them (docs/gateway-api.md, "convert").
 *
 * @param input        the objects converted: the Ingresses, and the Services, Secrets and classes they refer to (any
 *                     Gateway API objects of the input left out)
 * @param conversion   the Gateway API objects, and what could not be converted
 * @param verification the behaviour check; empty when it was not asked for
 */
public record ConversionReport(TranslationInput input, GatewayConversion conversion,
                               Optional<BehaviourCheck.Verification> verification) {

    /** The Gateway side of every check: the converted objects compiled as the proxy compiles them. */
    private static final GatewayCompiler GATEWAY_COMPILER = new RouteCompilerGateway();

    public ConversionReport {
        Objects.requireNonNull(input);
        Objects.requireNonNull(conversion);
        Objects.requireNonNull(verification);
    }

    /**
     * Converts, then checks when {@code verify} is set. Pure computation on the input (no I/O); for the chapter's
     * manifests it takes milliseconds.
     *
     * @param served   the class selection and the https listeners' port ({@code convert --https-port}, 443 by
     *                 default); ingress-nginx's class is added to it (TranslatorSettings.AdoptedClass)
     * @throws IllegalArgumentException when the input holds no Ingress: there is nothing to convert
     */
    public static ConversionReport run(TranslationInput input, TranslatorSettings served, boolean verify) {
        // a conversion is where people leave ingress-nginx: its Ingresses are read as if Ingress Lab served them,
        // in the CLI and the window alike
        TranslatorSettings settings = served.adoptedClasses().contains(TranslatorSettings.AdoptedClass.INGRESS_NGINX)
                ? served : served.adopting(TranslatorSettings.AdoptedClass.INGRESS_NGINX);
        if (input.ingresses().isEmpty()) {
            throw new IllegalArgumentException("no Ingress to convert: convert reads Ingresses (apiVersion"
                    + " networking.k8s.io/v1, kind Ingress)");
        }
        // the Ingress side is the Ingresses alone: HTTPRoutes already in the input (a session's cluster after the
        // chapter's Gateway steps) would route on it, and every request they take would read as a difference
        TranslationInput ingresses = input.withGatewayApi(GatewayApiInput.NONE);
        GatewayConversion conversion = new IngressToGateway(settings).convert(ingresses);
        Optional<BehaviourCheck.Verification> verification = verify
                ? Optional.of(ConversionCheck.verify(ingresses, settings, conversion, GATEWAY_COMPILER))
                : Optional.empty();
        return new ConversionReport(ingresses, conversion, verification);
    }

    /**
     * One object as YAML, for showing the two sides of a conversion.
     *
     * @param kind          {@code Ingress}, {@code Gateway}, {@code HTTPRoute}, {@code ReferenceGrant}
     * @param objectName    {@code namespace/name}
     * @param convertedFrom the Ingress ({@code namespace/name}) an HTTPRoute was made from; empty for an Ingress, the
     *                      Gateway and ReferenceGrants
     * @param yaml          the object as {@code kubectl apply -f} reads it: a {@code ---} line, then its fields
     */
    public record Document(String kind, String objectName, Optional<String> convertedFrom, String yaml) {

        public Document {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(objectName);
            Objects.requireNonNull(convertedFrom);
            Objects.requireNonNull(yaml);
        }
    }

    /**
     * The Ingresses converted, in the input's order, as their author wrote them: without {@code managedFields}, the
     * {@code last-applied} annotation, the fields the API server sets ({@code uid}, {@code resourceVersion},
     * {@code generation}, {@code creationTimestamp}) and {@code status}, so that the two sides of a conversion compare
     * what a person writes.
     */
    public List<Document> ingressDocuments() {
        return input.ingresses().stream().map(ingress -> document(asWritten(IngressDocuments.shown(ingress))))
                .toList();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.Ingress asWritten(
            io.fabric8.kubernetes.api.model.networking.v1.Ingress shown) {
        var metadata = shown.getMetadata();
        metadata.setUid(null);
        metadata.setResourceVersion(null);
        metadata.setGeneration(null);
        metadata.setCreationTimestamp(null);
        metadata.setSelfLink(null);
        shown.setStatus(null);
        return shown;
    }

    /**
     * The Gateway API objects, in the order to apply them ({@link GatewayConversion#objects()}); their YAML, joined,
     * is what {@code ingress-lab convert} prints.
     */
    public List<Document> gatewayDocuments() {
        return conversion.objects().stream().map(ConversionReport::document).toList();
    }

    private static Document document(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new Document(object.getKind(), (namespace == null || namespace.isEmpty() ? "default" : namespace) + "/"
                + object.getMetadata().getName(), GatewayConversion.convertedFrom(object),
                GatewayYaml.yaml(List.of(object)));
    }
}
