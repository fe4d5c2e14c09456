package dev.ingresslab.core.hosts;

import dev.ingresslab.hosts.HostName;
import dev.ingresslab.hosts.InvalidHostName;
import dev.ingresslab.route.HostNormalizer;
import dev.ingresslab.route.HostPattern;
import dev.ingresslab.route.Route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The names the served Ingresses need in the hosts file, taken from the route table in force: each precise rule
 * host ({@code alpaca.example.com}) is a name; a wildcard host ({@code *.example.com}) is not (a hosts file maps
 * names, not patterns: hosts(5)), so it gets the explanation and the concrete names seen in requests it took; a rule
 * without a host needs no name at all ({@code http://127.0.0.1/} reaches it). Ingresses that are not served (another
 * class, a conflict lost) add nothing: the table holds only what the proxy serves.
 *
 * @param names     the precise hosts the hosts file can hold ({@link HostName}: RFC 1123), canonical and sorted, each
 *                  once, with the Ingresses that name it and the path to open
 * @param wildcards the wildcard hosts, sorted, with the names seen in requests that they took
 * @param refused   precise hosts a hosts file cannot hold (such as {@code localhost}), with why
 * @param anyHost   whether some rule or defaultBackend takes requests for any host: those need no name
 */
public record WantedHosts(List<Name> names, List<Wildcard> wildcards, List<Refused> refused, boolean anyHost) {

    public WantedHosts {
        names = List.copyOf(names);
        wildcards = List.copyOf(wildcards);
        refused = List.copyOf(refused);
    }

    /** Nothing wanted: no routes. */
    public static final WantedHosts NONE = new WantedHosts(List.of(), List.of(), List.of(), false);

    /**
     * A precise host the served Ingresses route.
     *
     * @param name      the host, lower-case ASCII as a rule host must be (Kubernetes API: IngressRule.host)
     * @param path      the shortest literal path of its routes, {@code /} when one takes it: where to point a browser
     * @param ingresses the objects whose rules name it ({@link #objectOf}), sorted
     */
    public record Name(String name, String path, List<String> ingresses) {
        public Name {
            Objects.requireNonNull(name);
            Objects.requireNonNull(path);
            ingresses = List.copyOf(ingresses);
        }

        /** The URL to open in a browser once the name leads here ({@link ExactUrl}). */
        public String url(int httpPort) {
            return ExactUrl.http(name, httpPort, path);
        }
    }

    /**
     * A wildcard rule host.
     *
     * @param pattern   {@code *.example.com}: exactly one more label (ingress-semantics.md §2.3)
     * @param seen      the concrete names of requests it took (from the session's journal), sorted; these are the
     *                  names a hosts file could hold for it
     * @param ingresses the objects whose rules name it ({@link #objectOf}), sorted
     */
    public record Wildcard(String pattern, List<String> seen, List<String> ingresses) {
        public Wildcard {
            Objects.requireNonNull(pattern);
            seen = List.copyOf(seen);
            ingresses = List.copyOf(ingresses);
        }

        /** Why it has no line in the hosts file, and what works instead, naming the names seen. */
        public String explanation() {
            String suffix = pattern.substring(1);
            String names = seen.isEmpty() ? "No request for a name it takes has come yet."
                    : "Names seen in requests it took: " + String.join(", ", seen) + ".";
            return "A hosts file cannot hold " + pattern + ": it maps whole names, one per entry, never patterns."
                    + " Add the names you use (such as test" + suffix + ") as precise hosts of an Ingress rule, or"
                    + " map the domain with a local resolver (dnsmasq: address=/" + suffix.substring(1)
                    + "/127.0.0.1); curl --resolve works for any of them without an entry. " + names;
        }
    }

    /**
     * A precise host that cannot go in the hosts file.
     *
     * @param name   the host as the rule names it
     * @param reason why, and what to do
     */
    public record Refused(String name, String reason) {
    }

    /** The names as text, for comparing two sets and for the block. */
    public Set<String> nameSet() {
        Set<String> set = new LinkedHashSet<>();
        names.forEach(name -> set.add(name.name()));
        return set;
    }

    /**
     * The wanted names of a route table.
     *
     * @param routes       the table's routes ({@code RouteTable.allRoutes()}, in any order)
     * @param requestHosts the {@code Host} headers of recent requests, as received (ports and case are normalised
     *                     here; invalid ones are skipped): the names seen for each wildcard
     */
    public static WantedHosts of(Collection<Route> routes, Collection<String> requestHosts) {
        Map<String, Names> precise = new TreeMap<>();
        Map<String, Set<String>> wildcard = new TreeMap<>();
        boolean anyHost = false;
        for (Route route : routes) {
            String host = route.host();
            if (host.isEmpty()) {
                anyHost = true;
            } else if (host.startsWith("*.")) {
                wildcard.computeIfAbsent(host, h -> new TreeSet<>()).add(objectOf(route));
            } else {
                precise.computeIfAbsent(host, h -> new Names()).add(route);
            }
        }
        List<Name> names = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        Map<String, Name> valid = new TreeMap<>();
        precise.forEach((host, found) -> {
            try {
                // the hosts helper's own check (RFC 1123), which its elevated main repeats before writing
                String canonical = HostName.parse(host).value();
                Name known = valid.get(canonical);
                List<String> ingresses = new ArrayList<>(found.ingresses);
                if (known != null) {
                    ingresses.addAll(known.ingresses());
                }
                valid.put(canonical, new Name(canonical, found.path(), ingresses.stream().distinct().sorted()
                        .toList()));
            } catch (InvalidHostName e) {
                refused.add(new Refused(host, e.reason()));
            }
        });
        names.addAll(valid.values());
        Set<String> seenHosts = new TreeSet<>();
        for (String header : requestHosts) {
            String host = HostNormalizer.normalize(header);
            if (host != null && !host.isEmpty() && !precise.containsKey(host)) {
                seenHosts.add(host);
            }
        }
        List<Wildcard> wildcards = new ArrayList<>();
        wildcard.forEach((pattern, ingresses) -> wildcards.add(new Wildcard(pattern,
                seenHosts.stream().filter(host -> HostPattern.matches(pattern, host)).toList(),
                List.copyOf(ingresses))));
        return new WantedHosts(names, wildcards, refused, anyHost);
    }

    /**
     * The object a route comes from as the hosts lists name it: an Ingress by {@code namespace/name}, any other kind
     * with its kind first ({@code HTTPRoute default/shop}), so that an HTTPRoute made by {@code convert}, which keeps
     * its Ingress's name, is listed beside it and not merged with it. Ingresses stay bare as {@code hosts status
     * --output json} has always written them; {@link #kindAndName} adds their kind for a person.
     */
    static String objectOf(Route route) {
        return route.origin().kind().equals("Ingress") ? route.origin().objectName() : route.origin().kindAndName();
    }

    /**
     * An entry of {@link Name#ingresses} or {@link Wildcard#ingresses} as a person is shown an object, kind first
     * ({@code Ingress default/web}, {@code HTTPRoute default/web}, as {@code Origin.kindAndName} writes it): the lists
     * name an Ingress without its kind ({@link #objectOf}), and no object's name has a space (Kubernetes API: object
     * names are DNS subdomains).
     */
    public static String kindAndName(String listed) {
        return listed.contains(" ") ? listed : "Ingress " + listed;
    }

    /** The Ingresses and literal paths of one precise host. */
    private static final class Names {
        private final Set<String> ingresses = new TreeSet<>();
        private final Set<String> paths = new TreeSet<>(Comparator.comparingInt(String::length)
                .thenComparing(Comparator.naturalOrder()));

        void add(Route route) {
            ingresses.add(objectOf(route));
            if (route.path() != null && literal(route.path().path())) {
                paths.add(route.path().path());
            }
        }

        /** The shortest literal path; {@code /} when every path is a regular expression. */
        String path() {
            return paths.isEmpty() ? "/" : paths.iterator().next();
        }

        private static boolean literal(String path) {
            if (path == null || !path.startsWith("/")) {
                return false;
            }
            for (int i = 0; i < path.length(); i++) {
                if ("^$*+?()[]{}|\\ ".indexOf(path.charAt(i)) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
