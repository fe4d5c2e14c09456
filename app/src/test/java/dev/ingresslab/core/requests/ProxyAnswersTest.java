package dev.ingresslab.core.requests;

import dev.ingresslab.proxy.RequestRecord;
import dev.ingresslab.route.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of answer the proxy gives ({@link Outcome}, as the journal writes it) has its own words in the Requests
 * view's tooltip and details, the HTTPRoute's 500 ({@code invalid_backend}, ingress-semantics.md §9.4) among them;
 * a backend's answer has none.
 */
class ProxyAnswersTest {

    private static RequestRecord record(String outcome, int status, String endpoint, String error) {
        return new RequestRecord(1, "id", Instant.parse("2026-11-30T07:00:00Z"), "127.0.0.1", "GET", "http",
                "a.example.com", "/", outcome, "the rule", "default/a:80", endpoint, endpoint.isEmpty() ? ""
                : "direct", "/", status, 10, 1000, 0, 800, error);
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = "ROUTED", mode = EnumSource.Mode.EXCLUDE)
    void eachAnswerTheProxyMakesItselfIsOursWithItsOwnWords(Outcome outcome) {
        RequestRecord answered = record(outcome.jsonName(), 500, "", "");

        assertThat(ProxyAnswers.isOurs(answered)).isTrue();
        assertThat(ProxyAnswers.why(answered)).as(outcome + " has words of its own, not the fallback")
                .isNotEmpty().isNotEqualTo("the proxy answered itself");
    }

    @Test
    void noTwoKindsOfAnswerShareTheirWords() {
        Set<String> words = Arrays.stream(Outcome.values()).filter(outcome -> outcome != Outcome.ROUTED)
                .map(outcome -> ProxyAnswers.why(record(outcome.jsonName(), 500, "", "")))
                .collect(Collectors.toSet());

        assertThat(words).hasSize(Outcome.values().length - 1);
    }

    @Test
    void anHttpRoutesUnusableBackendSaysWhyAndThatTheGatewayApiAsksForA500() {
        RequestRecord answered = record("invalid_backend", 500, "", "");

        assertThat(ProxyAnswers.why(answered)).startsWith("the HTTPRoute's backend cannot be used")
                .contains("ReferenceGrant", "500, as the Gateway API requires");
        assertThat(ProxyAnswers.SUMMARY).contains("500 an HTTPRoute backend that cannot be used");
    }

    @Test
    void aRoutedRequestWhoseEndpointFailedGivesTheErrorAndABackendsAnswerIsNotOurs() {
        RequestRecord failed = record("routed", 502, "127.0.0.1:4001", "connection refused by 127.0.0.1:4001");
        RequestRecord answered = record("routed", 200, "127.0.0.1:4001", "");

        assertThat(ProxyAnswers.why(failed)).isEqualTo("connection refused by 127.0.0.1:4001");
        assertThat(ProxyAnswers.isOurs(answered)).isFalse();
        assertThat(ProxyAnswers.why(answered)).isEmpty();
    }
}
