package dev.ingresslab.manifest;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Explainer;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The three Ingresses of "Kubernetes: Up and Running" chapter 8, from the sample files, with the chapter's results. */
class ChapterEightTest {

    private static final Path CH8 = ManifestLoaderTest.CH8;

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
            "simple-ingress.yaml, http://alpaca.example.com/, alpaca, default/simple-ingress defaultBackend -> alpaca:8080",
            "simple-ingress.yaml, http://bandicoot.example.com/any/path, alpaca, default/simple-ingress defaultBackend -> alpaca:8080",
            "host-ingress.yaml, http://alpaca.example.com/, alpaca, default/host-ingress rule 0 path 0 (Prefix /) -> alpaca:8080",
            "host-ingress.yaml, http://alpaca.example.com/deep/path, alpaca, default/host-ingress rule 0 path 0 (Prefix /) -> alpaca:8080",
            "host-ingress.yaml, http://bandicoot.example.com/, be-default, default/host-ingress defaultBackend -> be-default:8080",
            "path-ingress.yaml, http://bandicoot.example.com/, bandicoot, default/path-ingress rule 0 path 0 (Prefix /) -> bandicoot:8080",
            "path-ingress.yaml, http://bandicoot.example.com/a/, alpaca, default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:8080",
            "path-ingress.yaml, http://bandicoot.example.com/a, alpaca, default/path-ingress rule 0 path 1 (Prefix /a/) -> alpaca:8080",
            "path-ingress.yaml, http://bandicoot.example.com/ab, bandicoot, default/path-ingress rule 0 path 0 (Prefix /) -> bandicoot:8080"})
    void eachStepRoutesAsTheChapterSays(String ingressFile, String url, String service, String routeHeader)
            throws Exception {
        RouteTable table = table(List.of("services.yaml", ingressFile));
        Decision decision = new Explainer(table).explain(SimpleRequest.get(url));

        assertThat(decision.outcome()).isEqualTo(Outcome.ROUTED);
        assertThat(decision.backend().service()).isEqualTo(service);
        assertThat(table.routeHeader(decision)).isEqualTo(routeHeader);
    }

    @ParameterizedTest(name = "{0} is a 404 with path-ingress alone")
    @CsvSource({"http://alpaca.example.com/", "http://127.0.0.1/"})
    void pathIngressAloneAnswersOnlyItsHost(String url) throws Exception {
        assertThat(explain(List.of("services.yaml", "path-ingress.yaml"), url).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "all three applied: {0} -> {1}")
    @CsvSource({
            "http://unknown.example.com/, alpaca",
            "http://alpaca.example.com/, alpaca",
            "http://bandicoot.example.com/a, alpaca",
            "http://bandicoot.example.com/b, bandicoot"})
    void allThreeTogetherMergeAndTheIngressWithoutRulesIsTheCatchAll(String url, String service) throws Exception {
        Decision decision = explain(List.of("services.yaml", "simple-ingress.yaml", "host-ingress.yaml",
                "path-ingress.yaml"), url);

        assertThat(decision.backend().service()).isEqualTo(service);
    }

    @org.junit.jupiter.api.Test
    void theReasonsCountAPrefixAsItIsShown() throws Exception {
        Decision decision = explain(List.of("services.yaml", "path-ingress.yaml"), "http://bandicoot.example.com/a/");

        assertThat(decision.reason()).as("/a/ is 3 characters as shown; the trailing slash does not compete")
                .contains("Prefix /a/ is the longest matching prefix (2 characters: /a, the trailing slash aside)")
                .doesNotContain("(2 characters)");
        assertThat(decision.trace()).extracting(dev.ingresslab.route.TraceEntry::reason)
                .contains("Prefix /a/ is the longest matching prefix (2 characters: /a, the trailing slash aside)")
                .anySatisfy(reason -> assertThat(reason).isEqualTo("Prefix /a/ (Ingress default/path-ingress rule 0 path 1)"
                        + " is longer (2 characters: /a, the trailing slash aside, against 0 characters): the longest"
                        + " match wins"));
    }

    private static Decision explain(List<String> files, String url) throws ManifestException {
        return new Explainer(table(files)).explain(SimpleRequest.get(url));
    }

    private static RouteTable table(List<String> files) throws ManifestException {
        ManifestSet set = new ManifestLoader().load(files.stream().map(f -> CH8.resolve(f).toString()).toList());
        return new IngressTranslator(TranslatorSettings.defaults()).translate(set.toInput()).table();
    }
}
