package dev.ingresslab.translate;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.Outcome;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.testing.TestIngress;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test: on thousands of random route tables and requests, the indexed matcher answers exactly what a slow
 * reference answers: scan every path of every Ingress and sort by the spec's precedence (precise > wildcard >
 * host-less host, then longest match, Exact before Prefix, Prefix before ImplementationSpecific of the same path,
 * oldest Ingress, then namespace/name in reverse as ingress-nginx breaks a tie, order in the object; a path miss goes
 * to the defaultBackend of the host's oldest declarer, else 404, and host-less misses to the catch-all).
 * The reference is written from ingress-semantics.md, independently of the matcher's code.
 */
class MatcherAgainstReferenceTest {

    private static final String[] RULE_HOSTS = {"a.com", "b.a.com", "*.a.com", "", "c.com", "*.c.com"};
    private static final String[] REQUEST_HOSTS = {"a.com", "b.a.com", "x.a.com", "y.b.a.com", "c.com", "d.c.com",
            "other.org", "A.COM", "b.a.com:8080", ""};
    private static final String[] SEGMENTS = {"a", "b", "ab", "a.b"};
    private static final String[] TYPES = {"Exact", "Prefix", "ImplementationSpecific"};

    /** One path of one Ingress, as the generator wrote it. */
    record PathSpec(String host, String type, String path, String service, int rule, int index) {
    }

    /** One generated Ingress. */
    record IngressSpec(String name, int created, List<String> ruleHosts, List<PathSpec> paths, String defaultBackend) {
        boolean hasRules() {
            return !ruleHosts.isEmpty();
        }
    }

    @Test
    void theIndexedMatcherAgreesWithTheReferenceOnRandomTables() {
        long seed = Long.getLong("property.seed", 20261126L);
        Random random = new Random(seed);
        int checked = 0;
        for (int table = 0; table < 3_000; table++) {
            List<IngressSpec> specs = randomIngresses(random, table);
            List<Ingress> ingresses = specs.stream().map(MatcherAgainstReferenceTest::toIngress).toList();
            RouteTable routeTable = new IngressTranslator(TranslatorSettings.defaults())
                    .translate(TranslationInput.ofManifests(ingresses, List.of(), List.of(), List.of(), List.of()))
                    .table();
            for (int request = 0; request < 40; request++) {
                String host = REQUEST_HOSTS[random.nextInt(REQUEST_HOSTS.length)];
                String path = randomPath(random, 4, true);
                Decision decision = routeTable.match(SimpleRequest.of("GET", "http://x" + path,
                        java.util.Map.of("Host", host.isEmpty() ? List.of() : List.of(host))), random);
                String expected = reference(specs, host.toLowerCase().replaceAll(":\\d+$", ""), path);
                assertThat(answer(decision))
                        .as("seed %d, table %d: %s on host '%s'%n%s", seed, table, path, host, specs)
                        .isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(120_000);
    }

    private static String answer(Decision decision) {
        if (decision.outcome() != Outcome.ROUTED) {
            return String.valueOf(decision.status());
        }
        return decision.route().origin().name() + " " + decision.route().origin().ruleIndex() + "/"
                + decision.route().origin().pathIndex();
    }

    // ---- the reference ----

    static String reference(List<IngressSpec> specs, String host, String path) {
        String group = hostGroup(specs, host);
        if (group != null) {
            PathSpec best = null;
            IngressSpec bestOwner = null;
            for (IngressSpec spec : specs) {
                for (PathSpec candidate : spec.paths()) {
                    if (candidate.host().equals(group) && pathMatches(candidate, path)
                            && (best == null || better(candidate, spec, best, bestOwner))) {
                        best = candidate;
                        bestOwner = spec;
                    }
                }
            }
            if (best != null) {
                return bestOwner.name() + " " + best.rule() + "/" + best.index();
            }
            if (!group.isEmpty()) {
                // only the oldest Ingress that declares the host (its owner) lends its defaultBackend, as
                // ingress-nginx's createServers; host-less rules' misses go to the catch-all
                IngressSpec owner = oldest(specs.stream().filter(s -> s.ruleHosts().contains(group)).toList());
                return owner.defaultBackend() != null ? owner.name() + " -1/-1" : "404";
            }
        }
        IngressSpec catchAll = oldest(specs.stream().filter(s -> s.defaultBackend() != null && !s.hasRules()).toList());
        if (catchAll == null) {
            catchAll = oldest(specs.stream().filter(s -> s.defaultBackend() != null).toList());
        }
        return catchAll == null ? "404" : catchAll.name() + " -1/-1";
    }

    /** The rule host that decides: the precise host, else the one-label wildcard, else host-less rules, else none. */
    private static String hostGroup(List<IngressSpec> specs, String host) {
        List<String> declared = specs.stream().flatMap(s -> s.ruleHosts().stream()).toList();
        if (!host.isEmpty() && declared.contains(host)) {
            return host;
        }
        int dot = host.indexOf('.');
        if (dot > 0 && declared.contains("*" + host.substring(dot))) {
            return "*" + host.substring(dot);
        }
        return declared.contains("") ? "" : null;
    }

    private static boolean pathMatches(PathSpec candidate, String path) {
        if (candidate.type().equals("Exact")) {
            return candidate.path().equals(path);
        }
        List<String> want = elements(candidate.path());
        List<String> have = elements(path);
        return have.size() >= want.size() && have.subList(0, want.size()).equals(want);
    }

    private static List<String> elements(String path) {
        List<String> elements = new ArrayList<>();
        for (String element : path.split("/")) {
            if (!element.isEmpty()) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static int length(PathSpec spec) {
        String path = spec.path();
        return !spec.type().equals("Exact") && path.endsWith("/") ? path.length() - 1 : path.length();
    }

    private static boolean better(PathSpec a, IngressSpec aOwner, PathSpec b, IngressSpec bOwner) {
        if (length(a) != length(b)) {
            return length(a) > length(b);
        }
        boolean aExact = a.type().equals("Exact");
        boolean bExact = b.type().equals("Exact");
        if (aExact != bExact) {
            return aExact;
        }
        boolean aSpecific = a.type().equals("ImplementationSpecific");
        boolean bSpecific = b.type().equals("ImplementationSpecific");
        if (aSpecific != bSpecific) {
            return bSpecific; // the same path as Prefix: ingress-nginx's Prefix location wins, whatever the ages
        }
        if (aOwner.created() != bOwner.created()) {
            return aOwner.created() < bOwner.created();
        }
        if (!aOwner.name().equals(bOwner.name())) {
            return aOwner.name().compareTo(bOwner.name()) > 0; // ingress-nginx's sortIngressSlice: in > jn first
        }
        return a.rule() != b.rule() ? a.rule() < b.rule() : a.index() < b.index();
    }

    private static IngressSpec oldest(List<IngressSpec> specs) {
        return specs.stream().min(Comparator.comparingInt(IngressSpec::created)
                .thenComparing(IngressSpec::name, Comparator.reverseOrder()))
                .orElse(null);
    }

    // ---- the generator ----

    private static List<IngressSpec> randomIngresses(Random random, int table) {
        List<IngressSpec> specs = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String name = "ing-" + (char) ('a' + random.nextInt(6)) + i;
            List<String> hosts = new ArrayList<>();
            List<PathSpec> paths = new ArrayList<>();
            int rules = random.nextInt(4);
            for (int r = 0; r < rules; r++) {
                String host = RULE_HOSTS[random.nextInt(RULE_HOSTS.length)];
                hosts.add(host);
                int pathCount = random.nextInt(4);
                for (int p = 0; p < pathCount; p++) {
                    String type = TYPES[random.nextInt(TYPES.length)];
                    String path = randomPath(random, 3, !type.equals("Prefix") || random.nextBoolean());
                    paths.add(new PathSpec(host, type, path, "svc-" + table + "-" + i + "-" + r + "-" + p, r, p));
                }
            }
            String defaultBackend = rules == 0 || random.nextInt(3) == 0 ? "default-" + i : null;
            specs.add(new IngressSpec(name, random.nextInt(3), hosts, paths, defaultBackend));
        }
        return specs;
    }

    private static String randomPath(Random random, int maxDepth, boolean trailingSlashAllowed) {
        StringBuilder path = new StringBuilder();
        int depth = random.nextInt(maxDepth + 1);
        for (int d = 0; d < depth; d++) {
            path.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        if (path.isEmpty() || (trailingSlashAllowed && random.nextInt(4) == 0)) {
            path.append('/');
        }
        return path.toString();
    }

    private static Ingress toIngress(IngressSpec spec) {
        TestIngress ingress = TestIngress.named(spec.name()).createdAt(spec.created());
        if (spec.defaultBackend() != null) {
            ingress.defaultBackend(spec.defaultBackend());
        }
        for (int r = 0; r < spec.ruleHosts().size(); r++) {
            int rule = r;
            String host = spec.ruleHosts().get(r);
            ingress.rule(host.isEmpty() ? null : host, p -> spec.paths().stream().filter(s -> s.rule() == rule)
                    .forEach(s -> p.path(s.type(), s.path(), s.service())));
        }
        return ingress.build();
    }
}
