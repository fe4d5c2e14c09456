package dev.ingresslab.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The steps of chapter 8, each a sample manifest shipped inside the application (and in samples/ch8/). */
public final class SampleSteps {

    /**
     * One step.
     *
     * @param name        what {@code --step} takes
     * @param file        the manifest, relative to samples/ch8/ ({@code ../gateway/…} for the Gateway API's)
     * @param description what it shows
     */
    public record Step(String name, String file, String description) {

        /** The manifest's text, from the application's resources. */
        public String manifest() {
            String resource = resourcePath();
            try (InputStream in = SampleSteps.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the sample " + resource + " is missing from the application");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code samples/ch8/host-ingress.yaml}, {@code samples/gateway/gateway.yaml}: where it is, from the top. */
        public String resourcePath() {
            return java.net.URI.create("samples/ch8/" + file).normalize().getPath();
        }

        /**
         * The manifest's objects as {@code Kind name} ({@code Deployment alpaca}), in order: what an apply of the
         * step writes (besides a TLS Secret it may issue), to say how far an apply got.
         */
        public List<String> objects() {
            List<String> objects = new java.util.ArrayList<>();
            try (tools.jackson.databind.MappingIterator<tools.jackson.databind.JsonNode> documents =
                         new tools.jackson.dataformat.yaml.YAMLMapper().readerFor(tools.jackson.databind.JsonNode.class)
                                 .readValues(manifest())) {
                while (documents.hasNext()) {
                    tools.jackson.databind.JsonNode document = documents.next();
                    if (document != null && document.hasNonNull("kind")) {
                        objects.add(document.path("kind").asString("") + " "
                                + document.path("metadata").path("name").asString(""));
                    }
                }
            }
            return List.copyOf(objects);
        }

        /** Whether it holds Gateway API objects, which a cluster has only with the Gateway API's CRDs. */
        public boolean gatewayApi() {
            return file.startsWith(GATEWAY_FOLDER);
        }
    }

    /** Where the Gateway API's samples are, relative to samples/ch8/. */
    private static final String GATEWAY_FOLDER = "../gateway/";

    /** The Deployments and Services every other step routes to. */
    public static final Step SERVICES = new Step("services", "services.yaml",
            "the upstream services alpaca, bandicoot and be-default (kuard, port 8080)");

    /**
     * The chapter's two mistakes, in its order: both reuse the name {@code simple-ingress}, so they are tried
     * before {@code simple-ingress.yaml} is applied (once an Ingress of that name exists, {@code kubectl apply}
     * computes a patch client-side and fails with "precondition failed" before the API server's message is seen).
     * They cannot be deployed: the API server refuses them, which is what they show.
     */
    public static final List<Mistake> MISTAKES = List.of(
            new Mistake("mistakes/simple-ingress-lowercase-kind.yaml",
                    "`kind: ingress` in lower case: no kind \"ingress\" is registered"),
            new Mistake("mistakes/simple-ingress-spec-service.yaml",
                    "`spec.service`, a field Ingress does not have: strict decoding error"));

    /** The steps in the chapter's order (the mistakes, which are not steps, come just before {@code simple}). */
    public static final List<Step> STEPS = List.of(SERVICES,
            new Step("simple", "simple-ingress.yaml", "everything to alpaca: an Ingress with only a defaultBackend"
                    + " (beside host, it takes unknown hosts from be-default)"),
            new Step("host", "host-ingress.yaml", "by host: alpaca.example.com to alpaca, other hosts to be-default"),
            new Step("path", "path-ingress.yaml", "by path: bandicoot.example.com/a/ to alpaca, the rest to bandicoot"),
            new Step("class", "ingress-class.yaml", "IngressClass: ours is served, another controller's is not"),
            new Step("multiple", "multiple-ingress.yaml", "several Ingresses on one host, and a conflict"),
            new Step("namespaces", "namespaces.yaml", "an Ingress reaches only Services of its own namespace"),
            new Step("rewrite", "rewrite-ingress.yaml", "path rewriting: /sub-path to /app-path"),
            new Step("tls", "tls-ingress.yaml", "TLS from a Secret: alpaca.example.com over https (its Secret"
                    + " alpaca-tls is issued by the local CA when missing)"),
            // The chapter's routes again, with the Gateway API (samples/gateway/): the same answers as host and path
            new Step("gateway", GATEWAY_FOLDER + "gateway.yaml", "Gateway API: the GatewayClass ingress-lab and the"
                    + " Gateway lab-gateway (HTTP, port 80), which the HTTPRoutes attach to"),
            new Step("gateway-host", GATEWAY_FOLDER + "host-route.yaml", "host as HTTPRoutes: alpaca.example.com to"
                    + " alpaca, a route without hostnames sends other hosts to be-default"),
            new Step("gateway-path", GATEWAY_FOLDER + "path-route.yaml", "path as an HTTPRoute:"
                    + " bandicoot.example.com/a/ to alpaca, the rest to bandicoot (PathPrefix)"));

    /** What {@code samples deploy} applies without {@code --step}: the chapter as it ends. */
    public static final List<String> CHAPTER_END = List.of("services", "host", "path");

    /**
     * One of the chapter's mistakes: a manifest the API server refuses.
     *
     * @param file under samples/ch8/
     * @param what the mistake, and the API server's answer, for a learner
     */
    public record Mistake(String file, String what) {
    }

    private SampleSteps() {
    }

    /**
     * The step of that name.
     *
     * @throws IllegalArgumentException when there is none, listing the names; for {@code mistakes}, saying that
     *                                  they are tried with {@code kubectl apply}, not deployed
     */
    public static Step named(String name) {
        if (name.equals("mistakes")) {
            throw new IllegalArgumentException("the chapter's two mistakes cannot be deployed: the API server refuses"
                    + " them, and its answer is what they show. Try them with kubectl apply -f on each file of"
                    + " samples/ch8/mistakes/, before the step simple");
        }
        return STEPS.stream().filter(step -> step.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no sample step " + name + "; the steps are "
                        + String.join(", ", STEPS.stream().map(Step::name).toList())));
    }
}
