package dev.ingresslab.translate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener's hostname intersected with a Route's hostnames (Gateway API v1 HTTPRouteSpec.hostnames; §9.3). */
class ListenerHostnamesTest {

    @ParameterizedTest(name = "listener {0}, route {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "EMPTY", textBlock = """
            -               | -                             | ANY
            -               | a.example.com                 | a.example.com
            a.example.com   | -                             | a.example.com
            a.example.com   | a.example.com,b.example.com   | a.example.com
            *.example.com   | a.example.com                 | a.example.com
            *.example.com   | a.b.example.com               | a.b.example.com
            *.example.com   | example.com                   | NONE
            a.example.com   | *.example.com                 | a.example.com
            *.example.com   | *.b.example.com               | *.b.example.com
            *.b.example.com | *.example.com                 | *.b.example.com
            a.example.com   | b.example.com                 | NONE
            *.example.com   | A.Example.com                 | a.example.com
            """)
    void intersection(String listener, String route, String expected) {
        List<String> routeNames = route == null ? List.of() : Arrays.asList(route.split(","));
        List<String> result = ListenerHostnames.intersect(listener, routeNames);
        List<String> wanted = switch (expected) {
            case "ANY" -> List.of(ListenerHostnames.ANY);
            case "NONE" -> List.of();
            default -> Arrays.asList(expected.split(","));
        };
        assertThat(result).isEqualTo(wanted);
    }
}
