package dev.ingresslab.route;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The path modifiers and redirect Locations of HTTPRoute filters (ingress-semantics.md §9.5), row by row. */
class HttpRouteFiltersTest {

    /** §9.5's ReplacePrefixMatch table: request path, matched prefix, replacement, result. */
    @ParameterizedTest(name = "{0} with prefix {1} replaced by ''{2}'' -> {3}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            /foo/bar | /foo  | /xyz  | /xyz/bar
            /foo/bar | /foo/ | /xyz/ | /xyz/bar
            /foo     | /foo  | /xyz  | /xyz
            /foo/    | /foo  | /xyz  | /xyz/
            /foo/bar | /foo  | ''    | /bar
            /foo/    | /foo  | ''    | /
            /foo     | /foo  | /     | /
            """)
    void replacePrefixMatch(String path, String prefix, String replacement, String expected) {
        assertThat(new RouteFilters.PathModifier(false, replacement).apply(path, PathMatch.prefixKey(prefix)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "ReplaceFullPath {1} on {0}")
    @CsvSource(delimiter = '|', textBlock = """
            /foo/bar | /baz | /baz
            /        | /a/b | /a/b
            """)
    void replaceFullPath(String path, String replacement, String expected) {
        assertThat(new RouteFilters.PathModifier(true, replacement).apply(path, "")).isEqualTo(expected);
    }

    /** Location per §9.5: each part replaced when given; the port left out for http:80 and https:443. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            nothing changed keeps the port     | http://a.example:8080/p?q=1 | -     | -         | -    | http://a.example:8080/p?q=1
            scheme https drops the old port    | http://a.example:8080/p     | https | -         | -    | https://a.example/p
            explicit port 443 on https omitted | http://a.example/p          | https | -         | 443  | https://a.example/p
            explicit port 80 on http omitted   | http://a.example:8080/p     | -     | -         | 80   | http://a.example/p
            other port kept                    | http://a.example/p          | https | -         | 8443 | https://a.example:8443/p
            hostname replaced                  | http://a.example/p          | -     | b.example | -    | http://b.example/p
            no port in Host means 80           | http://a.example/p          | -     | -         | -    | http://a.example/p
            """)
    void redirectLocation(String row, String url, String scheme, String hostname, Integer port, String expected) {
        SimpleRequest request = SimpleRequest.get(url);
        NormalizedTarget target = PathNormalizer.normalize(request.target());
        RouteMatch match = new RouteMatch(RouteMatch.PATH_PREFIX, "/", null, List.of(), List.of(), null, null);
        String location = HttpRouteDecisions.location(new RouteFilters.RequestRedirect(scheme, hostname, port, null,
                302), match, request, HostNormalizer.normalize(request.authority()), target);
        assertThat(location).as(row).isEqualTo(expected);
    }

    @ParameterizedTest(name = "query {0}: {1} = {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            a=1&b=2   | b | 2
            a=1&a=2   | a | 1
            a         | a | ''
            x%20y=z+w | x y | z w
            a=1       | b | -
            """)
    void queryValues(String query, String name, String expected) {
        assertThat(RouteMatch.queryValue(query, name)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void headerNamesAreCaseInsensitive() {
        RouteMatch match = new RouteMatch(RouteMatch.PATH_PREFIX, "/", null,
                List.of(FieldMatch.exact("x-Version", "2")), List.of(), null, null);
        SimpleRequest request = SimpleRequest.of("GET", "http://a.example/", Map.of("X-VERSION", List.of("2")));
        assertThat(match.matches(request, "/", null)).isTrue();
        SimpleRequest other = SimpleRequest.of("GET", "http://a.example/", Map.of("X-VERSION", List.of("3")));
        assertThat(match.firstMiss(other, "/", null)).contains("header x-Version=2");
    }
}
