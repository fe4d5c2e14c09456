package dev.ingresslab.bench;

import dev.ingresslab.proxy.ProxySettings;
import dev.ingresslab.route.Decision;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The worst time one request can cost in regex matching under the limits of issue #11 §2 (RegexBounds and
 * RegexBudget): a host whose regexes fill its budget, asked for a path as long as the proxy accepts, shaped so
 * that every regex keeps as many threads alive as it can for the whole path. {@code shape}:
 * <ul>
 *   <li>{@code chains}: paths of {@code .*a} chains (every {@code .*} stays alive on a path of a's), as many as
 *   fit, and a path that none matches in the end;</li>
 *   <li>{@code rewrite}: one such chain with a rewrite-target, so the winning regex runs a second time for its
 *   groups;</li>
 *   <li>{@code typical}: {@code /service-N(/|$)(.*)} paths, as many as fit, for comparison.</li>
 * </ul>
 * Setup prints what the translator kept. The figure goes to docs/benchmarks.md "Regex work per request".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RegexWorstCaseBenchmark {

    /** The longest path the proxy accepts: a request-target of 8 KiB (longer, 414). */
    static final int PATH_CHARS = ProxySettings.MAX_REQUEST_TARGET_BYTES;

    @Param({"chains", "rewrite", "typical"})
    public String shape;

    private RouteTable table;
    private SimpleRequest request;
    private final SplittableRandom random = new SplittableRandom(3);

    @Setup
    public void setUp() {
        List<String> paths = new ArrayList<>();
        Map<String, String> annotations = Map.of("nginx.ingress.kubernetes.io/use-regex", "true");
        String target = "/" + "a".repeat(PATH_CHARS - 1);
        switch (shape) {
            case "chains" -> {
                for (int i = 0; i < 50; i++) {
                    paths.add("/" + ".*a".repeat(40) + "x" + i);
                }
            }
            case "rewrite" -> {
                annotations = Map.of("nginx.ingress.kubernetes.io/rewrite-target", "/$1");
                paths.add("/" + ".*a".repeat(40) + "(.*)");
                for (int i = 0; i < 50; i++) {
                    paths.add("/" + ".*b".repeat(2) + "x" + i);
                }
            }
            case "typical" -> {
                for (int i = 0; i < 100; i++) {
                    paths.add("/service-" + i + "(/|$)(.*)");
                }
                target = "/service-1/" + "a".repeat(PATH_CHARS - 11);
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        Translation translation = new IngressTranslator(TranslatorSettings.defaults())
                .translate(TranslationInput.ofManifests(List.of(ingress(paths, annotations)), List.of(), List.of(),
                        List.of(), List.of()));
        table = translation.table();
        request = SimpleRequest.get("http://regex.example.com" + target);
        System.err.println(shape + ": " + (paths.size() - translation.diagnostics().size()) + " of " + paths.size()
                + " regex paths kept; " + translation.diagnostics().size() + " over the budget");
    }

    @Benchmark
    public Decision matchOneLongRequest() {
        return table.match(request, random);
    }

    private static Ingress ingress(List<String> paths, Map<String, String> annotations) {
        List<HTTPIngressPath> built = new ArrayList<>();
        for (String path : paths) {
            built.add(new HTTPIngressPathBuilder().withPathType("ImplementationSpecific").withPath(path)
                    .withNewBackend().withNewService().withName("svc").withNewPort().withNumber(8080).endPort()
                    .endService().endBackend().build());
        }
        return new IngressBuilder().withNewMetadata().withName("regex").withNamespace("default")
                .withCreationTimestamp("2026-01-01T00:00:00Z").withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewRule().withHost("regex.example.com").withNewHttp().withPaths(built).endHttp()
                .endRule().endSpec().build();
    }
}
