package dev.ingresslab.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The door's rules on their own: which authorities are loopback, which origin is the server's, which token. */
class ApiServerDoorTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost:6443", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:65535"})
    void loopbackNamesPass(String authority) {
        assertThat(ApiServerDoor.isLoopback(authority)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evil.example", "localhost.", "localhost.evil.example", "127.0.0.1.nip.io",
            "127.0.0.2", "0.0.0.0", "[::2]", "::1", "[::1", "[::1]x", "localhost:", "localhost:80x",
            "localhost:1234567", "127.0.0.1:80:80", ":80", "localhost@evil.example", "evil.example#localhost"})
    void everyOtherAuthorityIsRefused(String authority) {
        assertThat(ApiServerDoor.isLoopback(authority)).isFalse();
    }

    @Test
    void theOwnOriginIsHttpsALoopbackNameAndTheServersPort() {
        assertThat(ApiServerDoor.isOwnOrigin("https://127.0.0.1:6443", 6443)).isTrue();
        assertThat(ApiServerDoor.isOwnOrigin("https://localhost:6443", 6443)).isTrue();
        assertThat(ApiServerDoor.isOwnOrigin("HTTPS://[::1]:6443", 6443)).isTrue();
        assertThat(ApiServerDoor.isOwnOrigin("http://127.0.0.1:6443", 6443)).as("another scheme").isFalse();
        assertThat(ApiServerDoor.isOwnOrigin("https://127.0.0.1:16443", 6443)).isFalse();
        assertThat(ApiServerDoor.isOwnOrigin("https://127.0.0.1:64430", 6443)).isFalse();
        assertThat(ApiServerDoor.isOwnOrigin("https://127.0.0.1", 6443)).isFalse();
        assertThat(ApiServerDoor.isOwnOrigin("https://127.0.0.1:6443/", 6443)).isFalse();
        assertThat(ApiServerDoor.isOwnOrigin("null", 6443)).isFalse();
        assertThat(ApiServerDoor.isOwnOrigin("https://evil.example:6443", 6443)).isFalse();
    }

    @Test
    void theTokenMustBePresentedWhole() {
        AccessTokens tokens = AccessTokens.random();
        String token = tokens.client();
        assertThat(token).hasSize(43).isNotEqualTo(tokens.store()).isNotEqualTo(AccessTokens.random().client());
        assertThat(AccessTokens.presents("Bearer " + token, token)).isTrue();
        assertThat(AccessTokens.presents("bearer " + token, token)).isTrue();
        assertThat(AccessTokens.presents("Bearer " + token + "x", token)).isFalse();
        assertThat(AccessTokens.presents("Bearer " + token.substring(1), token)).isFalse();
        assertThat(AccessTokens.presents("Bearer " + tokens.store(), token)).isFalse();
        assertThat(AccessTokens.presents("Basic " + token, token)).isFalse();
        assertThat(AccessTokens.presents("Bearer ", token)).isFalse();
        assertThat(AccessTokens.presents(null, token)).isFalse();
        assertThat(AccessTokens.authorization(token)).isEqualTo("Bearer " + token);
    }

    @Test
    void mediaTypesAreReadWithoutTheirParameters() {
        assertThat(ApiServerDoor.mediaType("Application/JSON; charset=utf-8")).isEqualTo("application/json");
        assertThat(ApiServerDoor.mediaType("text/plain;charset=UTF-8")).isEqualTo("text/plain");
        assertThat(ApiServerDoor.mediaType(null)).isEmpty();
    }
}
