package dev.ingresslab.translate;

import dev.ingresslab.route.Conflict;
import dev.ingresslab.route.VirtualHost;
import dev.ingresslab.route.IgnoredIngress;
import dev.ingresslab.route.Origin;
import dev.ingresslab.route.Route;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first processor of the {@link RouteCompiler}: Ingresses, with the IngressClasses, Services and EndpointSlices
 * they refer to, become routes, virtual hosts and default backends. The one place where the rules of
 * ingress-semantics.md are applied to Ingresses: class selection, validation as the API server and ingress-nginx do
 * it, host and path precedence, conflicts, annotations, backends. It publishes the Ingresses it served (oldest first)
 * for the processors after it. Never throws on bad objects: an Ingress that cannot be served is reported and skipped,
 * and never disturbs the others.
 */
public final class IngressProcessor implements RouteProcessor {

    /** An Ingress with its sort keys computed once: parsing timestamps inside a comparator costs dearly. */
    private record Dated(Ingress ingress, Instant created, String namespace, String name) {
        /** Oldest first; of equal age, as ingress-nginx orders them ({@link Origin#TIE_ORDER}). */
        static final Comparator<Dated> OLDEST_FIRST = Comparator.comparing(Dated::created)
                .thenComparing(dated -> dated.namespace() + "/" + dated.name(), Origin.TIE_ORDER);
    }

    @Override
    public String name() {
        return "ingress";
    }

    @Override
    public void process(Compilation compilation) {
        TranslationInput input = compilation.input();
        Findings findings = compilation.findings();
        RouteTableBuilder builder = compilation.builder();
        List<ServedIngress> served = select(input, compilation.settings(), builder, findings);
        compilation.served(served);
        List<ServedIngress> primaries = served.stream().filter(s -> !s.isCanary()).toList();
        List<ServedIngress> canaries = served.stream().filter(ServedIngress::isCanary).toList();

        IngressCompiler compiler = new IngressCompiler(new BackendResolver(input), regexHosts(primaries), findings);
        List<Route> routes = new ArrayList<>();
        primaries.forEach(ingress -> routes.addAll(compiler.compile(ingress, builder)));
        boolean rulesLessCatchAll = primaries.stream()
                .anyMatch(s -> s.rules().isEmpty() && s.ingress().getSpec().getDefaultBackend() != null);
        new CanaryAttacher(compiler, findings).attach(routes, canaries, rulesLessCatchAll, builder)
                .forEach(builder::addRoute);
    }

    @Override
    public void review(RouteTable table, Compilation compilation) {
        List<ServedIngress> primaries = compilation.served().stream().filter(s -> !s.isCanary()).toList();
        reportConflicts(table, compilation.findings());
        reportUnownedFallbacks(primaries, table, compilation.findings());
    }

    /** The Ingresses we serve, valid, oldest first; the others are recorded as ignored. */
    private static List<ServedIngress> select(TranslationInput input, TranslatorSettings settings,
                                              RouteTableBuilder builder, Findings findings) {
        ClassSelector classes = new ClassSelector(settings, input.ingressClasses(),
                input.isGiven(InputKind.INGRESS_CLASS), input.fromManifests());
        List<Dated> ingresses = input.ingresses().stream()
                .filter(i -> i.getMetadata() != null && i.getMetadata().getName() != null)
                .map(i -> new Dated(i, Metadata.createdOf(i), Metadata.namespaceOf(i), i.getMetadata().getName()))
                .sorted(Dated.OLDEST_FIRST).toList();
        List<ServedIngress> served = new ArrayList<>();
        for (Dated dated : ingresses) {
            Ingress ingress = dated.ingress();
            ClassSelector.Verdict verdict = classes.select(ingress, findings);
            String namespace = dated.namespace();
            String name = dated.name();
            if (!verdict.served()) {
                builder.addIgnored(new IgnoredIngress(namespace, name, verdict.reason(), verdict.notOurs()));
                continue;
            }
            List<Violation> violations = IngressValidator.validate(ingress);
            if (!violations.isEmpty()) {
                violations.forEach(v -> findings.warn(ingress, v.field(), "Invalid", v.message()));
                builder.addIgnored(new IgnoredIngress(namespace, name, "the API server would refuse it: "
                        + violations.get(0).display()));
                continue;
            }
            var nginxRefusal = NginxAdmission.refusal(ingress, findings);
            if (nginxRefusal.isPresent()) {
                builder.addIgnored(new IgnoredIngress(namespace, name, nginxRefusal.get()));
                continue;
            }
            served.add(new ServedIngress(ingress, dated.created(), NginxAnnotations.of(ingress, findings)));
        }
        return served;
    }

    /** The hosts on which some Ingress asks for regex paths: all paths of such a host are regexes (§6.2). */
    private static Set<String> regexHosts(List<ServedIngress> primaries) {
        Set<String> hosts = new HashSet<>();
        primaries.stream().filter(s -> s.annotations().forcesRegexMode()).forEach(s -> hosts.addAll(s.ruleHosts()));
        return hosts;
    }

    private static void reportConflicts(RouteTable table, Findings findings) {
        for (Conflict conflict : table.conflicts()) {
            Origin loser = conflict.loser().origin();
            Route winner = conflict.winner();
            String what = loser.isDefaultBackend()
                    ? "its defaultBackend is not used where " + winner.origin().display() + " applies"
                    : "host " + conflict.loser().hostDisplay() + " path " + conflict.loser().path().path()
                    + " is also claimed by " + winner.origin().display() + ", so this path gets no traffic";
            findings.warn(loser.namespace(), loser.name(), IngressCompiler.fieldOf(loser), "RouteConflict",
                    what + " (" + conflict.reason() + ")");
        }
    }

    /**
     * Reports the defaultBackend of an Ingress with rules that does not serve the path misses of a host it names,
     * because an older Ingress declares that host first (§11.2, ingress-nginx {@code createServers}).
     */
    private static void reportUnownedFallbacks(List<ServedIngress> primaries, RouteTable table, Findings findings) {
        Map<String, VirtualHost> groups = new HashMap<>();
        table.virtualHosts().forEach(group -> groups.put(group.host(), group));
        for (ServedIngress served : primaries) {
            if (served.ingress().getSpec().getDefaultBackend() == null) {
                continue;
            }
            for (String host : served.ruleHosts()) {
                VirtualHost group = groups.get(host);
                if (host.isEmpty() || group == null || group.owner() == null
                        || (group.owner().namespace().equals(served.namespace())
                        && group.owner().name().equals(served.name()))) {
                    continue;
                }
                findings.warn(served.ingress(), "spec.defaultBackend", "DefaultBackendNotUsed", "its defaultBackend"
                        + " does not serve the path misses of " + host + ": " + group.owner().objectName() + " declares"
                        + " that host first (" + Origin.whyFirst(group.owner().objectName(), group.owner().created(),
                        served.namespace() + "/" + served.name(), served.created()) + "), so its defaultBackend "
                        + (group.fallback() == null ? "would (it has none: those requests get 404)" : "does")
                        + ", as on ingress-nginx; move the defaultBackend to " + group.owner().objectName()
                        + " or add a path / to this Ingress");
            }
        }
    }
}
