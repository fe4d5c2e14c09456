package dev.ingresslab.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpsCurlTest {

    @Test
    void theCommandTrustsTheLocalCaAndResolvesTheHostToLoopbackOnTheHttpsPort() {
        assertThat(HttpsCurl.command("alpaca.example.com", "/a/", 8443, Path.of("/data/ca.pem")))
                .isEqualTo("curl --cacert /data/ca.pem --resolve alpaca.example.com:8443:127.0.0.1"
                        + " https://alpaca.example.com:8443/a/");
    }

    @Test
    void port443IsTheDefaultAndLeftOutOfTheUrl() {
        assertThat(HttpsCurl.url("alpaca.example.com", "/", 443)).isEqualTo("https://alpaca.example.com/");
        assertThat(HttpsCurl.command("alpaca.example.com", "/", 443, Path.of("/data/ca.pem")))
                .contains("--resolve alpaca.example.com:443:127.0.0.1 https://alpaca.example.com/");
    }

    @Test
    void aCaPathWithSpacesIsQuotedForTheShell() {
        assertThat(HttpsCurl.command("a.example.com", "/", 8443, Path.of("/home/my data/ca.pem")))
                .startsWith("curl --cacert '/home/my data/ca.pem' --resolve");
    }

    @Test
    void noHttpsListenerIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> HttpsCurl.url("a.example.com", "/", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--https-port");
    }
}
