package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter box's language: key:value terms, status codes and classes, free text, quotes, and bad input. */
class RequestFilterTest {

    static RequestRecord record(String method, String host, String target, int status, String outcome,
                                String route, String backend, String endpoint) {
        return new RequestRecord(1, "id-" + host + target, Instant.parse("2026-11-29T12:00:00Z"), "127.0.0.1", method,
                "http", host, target, outcome, route, backend, endpoint, endpoint.isEmpty() ? "" : "direct", target,
                status, 10, 1000, 0, 800, "");
    }

    private static final RequestRecord ALPACA = record("GET", "alpaca.example.com", "/", 200, "routed",
            "default/host-ingress rule 0 path 0 (Prefix /) -> alpaca:8080", "default/alpaca:8080", "127.0.0.1:4001");
    private static final RequestRecord BANDICOOT = record("POST", "bandicoot.example.com", "/a/x?q=1", 502, "routed",
            "default/path-ingress rule 0 path 1 (Prefix /a) -> bandicoot:8080", "default/bandicoot:8080",
            "127.0.0.1:4002");
    private static final RequestRecord NO_RULE = record("GET", "nope.example.com", "/", 404, "not_found",
            "no rule matches host nope.example.com path /", "", "");
    private static final List<RequestRecord> ALL = List.of(ALPACA, BANDICOOT, NO_RULE);

    private static List<RequestRecord> matching(String text) throws FilterSyntaxException {
        return ALL.stream().filter(RequestFilter.parse(text)).toList();
    }

    @Test
    void keysNarrowAndCombine() throws Exception {
        assertThat(matching("host:alpaca")).containsExactly(ALPACA);
        assertThat(matching("HOST:Bandicoot")).containsExactly(BANDICOOT);
        assertThat(matching("path:/a/")).containsExactly(BANDICOOT);
        assertThat(matching("rule:path-ingress")).containsExactly(BANDICOOT);
        assertThat(matching("method:post")).containsExactly(BANDICOOT);
        assertThat(matching("backend:alpaca")).containsExactly(ALPACA);
        assertThat(matching("endpoint:4002")).containsExactly(BANDICOOT);
        assertThat(matching("id:id-nope.example.com/")).containsExactly(NO_RULE);
        assertThat(matching("is:ours")).containsExactly(NO_RULE);
        assertThat(matching("host:example.com status:404")).containsExactly(NO_RULE);
        assertThat(matching("host:alpaca status:404")).isEmpty();
    }

    @Test
    void statusTakesCodesClassesAndLists() throws Exception {
        assertThat(matching("status:404")).containsExactly(NO_RULE);
        assertThat(matching("status:5xx")).containsExactly(BANDICOOT);
        assertThat(matching("status:2XX")).containsExactly(ALPACA);
        assertThat(matching("status:404,5xx")).containsExactly(BANDICOOT, NO_RULE);
        assertThat(matching("status:301")).isEmpty();
    }

    @Test
    void freeTextSearchesEveryColumnAndQuotesKeepColonsAndSpaces() throws Exception {
        assertThat(matching("nope")).containsExactly(NO_RULE);
        assertThat(matching("502")).containsExactly(BANDICOOT);
        assertThat(matching("alpaca:8080")).containsExactly(ALPACA); // a Service:port, not a key
        assertThat(matching("\"no rule matches\"")).containsExactly(NO_RULE);
        assertThat(matching("\"host-ingress rule 0\"")).containsExactly(ALPACA);
        assertThat(matching("rule:\"rule 0 path 1\"")).containsExactly(BANDICOOT);
        assertThat(matching("  ")).containsExactlyElementsOf(ALL);
        assertThat(RequestFilter.parse("").isEmpty()).isTrue();
    }

    @Test
    void badInputSaysWhatToTypeInstead() {
        assertThatThrownBy(() -> RequestFilter.parse("status:abc")).isInstanceOf(FilterSyntaxException.class)
                .hasMessage("\"status:abc\" is not a status; use a code such as status:404, a class such as "
                        + "status:5xx, or a list such as status:404,503");
        assertThatThrownBy(() -> RequestFilter.parse("status:6xx")).hasMessageContaining("is not a status");
        assertThatThrownBy(() -> RequestFilter.parse("status:4040")).hasMessageContaining("is not a status");
        assertThatThrownBy(() -> RequestFilter.parse("status:404,")).hasMessageContaining("\"status:\" is not");
        assertThatThrownBy(() -> RequestFilter.parse("hots:alpaca"))
                .hasMessageStartingWith("unknown filter \"hots:\"; use host:, path:")
                .hasMessageEndingWith("or put the text in double quotes to search for it as typed");
        assertThatThrownBy(() -> RequestFilter.parse("host:"))
                .hasMessage("\"host:\" needs a value after the colon, such as host:alpaca.example.com");
        assertThatThrownBy(() -> RequestFilter.parse("is:mine")).hasMessageStartingWith("\"is:mine\" is not a filter");
        assertThatThrownBy(() -> RequestFilter.parse("\"no rule")).hasMessageStartingWith("a double quote is not closed");
    }
}
