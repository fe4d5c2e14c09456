package dev.ingresslab.proxy;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.EchoBackend;
import dev.ingresslab.testing.TestIngress;
import dev.ingresslab.tls.TestCertificates;
import dev.ingresslab.translate.TranslatorSettings;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain HTTP to a host with TLS, through the real proxy over loopback (ingress-semantics.md §6.3). */
class HttpsRedirectTest {

    private static Cluster cluster(EchoBackend web, TranslatorSettings settings, TestIngress... ingresses) {
        return new Cluster().settings(settings).serviceAt("default", "web", web.port()).add(ingresses)
                .add(TestCertificates.tlsSecretNaming("default", "alpaca-tls", "alpaca.example.com"));
    }

    private static TestIngress alpaca() {
        return TestIngress.named("alpaca").tls("alpaca-tls", "alpaca.example.com")
                .rule("alpaca.example.com", p -> p.prefix("/", "web"));
    }

    @Test
    void answers308ToHttpsOnTheListenersPortKeepingPathAndQuery() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(cluster(web, TranslatorSettings.defaults().withHttpsPort(8443),
                     alpaca()).translate().table(), ProxySettings.defaults())) {
            HttpResponse<String> deep = proxy.get("alpaca.example.com", "/a/b?x=1&y=%20");
            HttpResponse<String> slash = proxy.get("alpaca.example.com:8080", "/a/");
            HttpResponse<String> root = proxy.get("ALPACA.example.com", "/");

            assertThat(deep.statusCode()).isEqualTo(308);
            assertThat(deep.headers().firstValue("Location")).contains("https://alpaca.example.com:8443/a/b?x=1&y=%20");
            assertThat(deep.body()).contains("alpaca.example.com (spec.tls)");
            // as ingress-nginx's lua_ingress.lua: one trailing slash dropped unless preserve-trailing-slash
            assertThat(slash.headers().firstValue("Location")).contains("https://alpaca.example.com:8443/a");
            assertThat(root.headers().firstValue("Location")).contains("https://alpaca.example.com:8443");
            // recorded after each response went out: wait for the three, not read what is listed at once
            assertThat(JournalWaits.awaitListed(proxy.journal, 3)).extracting(RequestRecord::status)
                    .containsExactly(308, 308, 308);
        }
    }

    @Test
    void port443IsLeftOutAndTheAnnotationsAreHonoured() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(cluster(web, TranslatorSettings.defaults(), alpaca(),
                     TestIngress.named("kept").nginx("preserve-trailing-slash", "true")
                             .nginx("use-port-in-redirects", "true").tls("alpaca-tls", "kept.example.com")
                             .rule("kept.example.com", p -> p.prefix("/", "web")),
                     TestIngress.named("off").nginx("ssl-redirect", "false").tls("alpaca-tls", "off.example.com")
                             .rule("off.example.com", p -> p.prefix("/", "web")),
                     TestIngress.named("forced").nginx("force-ssl-redirect", "true")
                             .rule("forced.example.com", p -> p.prefix("/", "web")),
                     TestIngress.named("plain").rule("plain.example.com", p -> p.prefix("/", "web"))).translate()
                     .table(), ProxySettings.defaults())) {
            assertThat(proxy.get("alpaca.example.com", "/x").headers().firstValue("Location"))
                    .contains("https://alpaca.example.com/x");
            assertThat(proxy.get("kept.example.com", "/a/").headers().firstValue("Location"))
                    .contains("https://kept.example.com:443/a/");
            HttpResponse<String> off = proxy.get("off.example.com", "/x");
            assertThat(off.statusCode()).as("ssl-redirect: \"false\" serves plain HTTP").isEqualTo(200);
            assertThat(off.headers().firstValue("Location")).isEmpty();
            assertThat(proxy.get("forced.example.com", "/x").statusCode()).isEqualTo(308);
            assertThat(proxy.get("plain.example.com", "/x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutAnHttpsListenerNothingIsRedirected() throws Exception {
        try (EchoBackend web = EchoBackend.start("web");
             ProxyFixture proxy = new ProxyFixture(cluster(web, TranslatorSettings.defaults().withoutHttps(), alpaca(),
                     TestIngress.named("forced").nginx("force-ssl-redirect", "true")
                             .rule("forced.example.com", p -> p.prefix("/", "web"))).translate().table(),
                     ProxySettings.defaults())) {
            assertThat(proxy.get("alpaca.example.com", "/x").statusCode()).isEqualTo(200);
            assertThat(proxy.get("forced.example.com", "/x").statusCode()).isEqualTo(200);
        }
    }
}
