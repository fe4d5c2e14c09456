package dev.ingresslab.core;

import dev.ingresslab.manifest.ManifestLoader;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core {@code convert} and the Convert view share: the chapter's files converted and checked, each object's YAML
 * with the Ingress it came from, HTTPRoutes already in the input kept off the Ingress side, and nothing to convert
 * refused with what convert reads.
 */
class ConversionReportTest {

    private static final Path SAMPLES = Path.of("../samples").toAbsolutePath().normalize();

    private static TranslationInput read(String... files) throws Exception {
        return new ManifestLoader().load(List.of(files).stream().map(file -> SAMPLES.resolve(file).toString())
                .toList()).toInput();
    }

    @Test
    void theChaptersHostIngressBesideAnHttpRouteForAnotherHostIsEquivalentAndEachRouteNamesItsIngress()
            throws Exception {
        // path-route.yaml serves bandicoot.example.com: on the Ingress side it would take every probe of that host,
        // which the converted objects (host-ingress's alone) do not serve
        TranslationInput input = read("ch8/services.yaml", "ch8/host-ingress.yaml", "gateway/gateway.yaml",
                "gateway/path-route.yaml");

        ConversionReport report = ConversionReport.run(input, TranslatorSettings.defaults(), true);

        assertThat(report.verification()).hasValueSatisfying(check -> {
            assertThat(check.differences()).isEmpty();
            assertThat(check.requests()).isPositive();
        });
        assertThat(report.input().gatewayApi().httpRoutes()).isEmpty();
        assertThat(report.ingressDocuments()).singleElement().satisfies(document -> {
            assertThat(document.kind()).isEqualTo("Ingress");
            assertThat(document.objectName()).isEqualTo("default/host-ingress");
            assertThat(document.convertedFrom()).isEmpty();
            assertThat(document.yaml()).startsWith("---\napiVersion: networking.k8s.io/v1\nkind: Ingress\n");
        });
        List<ConversionReport.Document> converted = report.gatewayDocuments();
        assertThat(converted).extracting(ConversionReport.Document::kind).startsWith("Gateway").contains("HTTPRoute");
        assertThat(converted).filteredOn(document -> document.kind().equals("HTTPRoute"))
                .extracting(ConversionReport.Document::convertedFrom).containsOnly(Optional.of("default/host-ingress"));
        assertThat(converted.get(0).convertedFrom()).isEmpty();
        assertThat(String.join("", converted.stream().map(ConversionReport.Document::yaml).toList()))
                .as("joined, what convert prints").isEqualTo(dev.ingresslab.convert.GatewayYaml.yaml(
                        report.conversion().objects()));
    }

    @Test
    void theIngressSideShowsWhatItsAuthorWroteNotWhatTheApiServerAdded() throws Exception {
        TranslationInput read = read("ch8/services.yaml", "ch8/path-ingress.yaml");
        var ingress = read.ingresses().get(0);
        ingress.getMetadata().setUid("00000000-0000-0000-0000-0000000000df");
        ingress.getMetadata().setResourceVersion("105");
        ingress.getMetadata().setGeneration(1L);
        ingress.getMetadata().setCreationTimestamp("2026-11-30T07:49:20Z");
        ingress.setStatus(new io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder()
                .withNewLoadBalancer().addNewIngress().withIp("127.0.0.1").endIngress().endLoadBalancer().build());

        String yaml = ConversionReport.run(read, TranslatorSettings.defaults(), false).ingressDocuments().get(0).yaml();

        assertThat(yaml).contains("name: path-ingress", "path: /a")
                .doesNotContain("uid:", "resourceVersion", "generation", "creationTimestamp", "status:", "127.0.0.1");
        assertThat(ingress.getMetadata().getUid()).as("the session's object is not changed").isNotNull();
    }

    @Test
    void withoutVerifyThereIsNoCheckAndWithoutAnIngressThereIsNothingToConvert() throws Exception {
        assertThat(ConversionReport.run(read("ch8/services.yaml", "ch8/path-ingress.yaml"),
                TranslatorSettings.defaults(), false).verification()).isEmpty();

        assertThatThrownBy(() -> ConversionReport.run(read("ch8/services.yaml"), TranslatorSettings.defaults(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no Ingress to convert: convert reads Ingresses (apiVersion networking.k8s.io/v1, kind"
                        + " Ingress)");
    }
}
