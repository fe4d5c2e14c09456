package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The v1beta1 ReferenceGrant seen through its stored v1, and nothing else converted. */
class VersionConversionTest {

    private static final String BETA = "/apis/gateway.networking.k8s.io/v1beta1/namespaces/default/referencegrants";

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheServedOnlyVersionsPathsAreConverted() {
        assertThat(VersionConversion.forPath(BETA + "/grant?fieldManager=kubectl")).contains(new VersionConversion(
                "gateway.networking.k8s.io/v1beta1", "gateway.networking.k8s.io/v1"));
        assertThat(VersionConversion.forPath("/apis/gateway.networking.k8s.io/v1beta1/referencegrants?watch=true"))
                .as("across namespaces").isPresent();
        assertThat(VersionConversion.forPath(BETA.replace("v1beta1", "v1"))).as("the stored version").isEmpty();
        assertThat(VersionConversion.forPath("/apis/gateway.networking.k8s.io/v1beta1/namespaces/default/httproutes"))
                .as("HTTPRoute is not served as v1beta1").isEmpty();
        assertThat(VersionConversion.forPath("/api/v1/namespaces/default/services")).isEmpty();
    }

    @Test
    void thePathKeepsItsNameAndQuery() {
        VersionConversion conversion = VersionConversion.forPath(BETA).orElseThrow();
        assertThat(conversion.toStoredPath(BETA + "/grant?dryRun=All")).isEqualTo(
                "/apis/gateway.networking.k8s.io/v1/namespaces/default/referencegrants/grant?dryRun=All");
    }

    @Test
    void onlyApiVersionMembersChangeNotTextThatContainsTheVersion() {
        VersionConversion conversion = VersionConversion.forPath(BETA).orElseThrow();
        String stored = "{\"apiVersion\":\"gateway.networking.k8s.io/v1\",\"kind\":\"ReferenceGrantList\",\"items\":"
                + "[{\"apiVersion\" : \"gateway.networking.k8s.io/v1\",\"metadata\":{\"annotations\":{\"last\":"
                + "\"{\\\"apiVersion\\\":\\\"gateway.networking.k8s.io/v1\\\"}\",\"note\":"
                + "\"gateway.networking.k8s.io/v1\"}}},{\"apiVersion\":\"gateway.networking.k8s.io/v1alpha2\"}]}";
        String served = text(conversion.toServed(stored.getBytes(StandardCharsets.UTF_8)));
        assertThat(served).startsWith("{\"apiVersion\":\"gateway.networking.k8s.io/v1beta1\",")
                .contains("[{\"apiVersion\" : \"gateway.networking.k8s.io/v1beta1\",")
                .as("an annotation's text is the user's").contains(
                        "\"{\\\"apiVersion\\\":\\\"gateway.networking.k8s.io/v1\\\"}\"")
                .contains("\"note\":\"gateway.networking.k8s.io/v1\"")
                .contains("{\"apiVersion\":\"gateway.networking.k8s.io/v1alpha2\"}");
        assertThat(text(conversion.toStored(served.getBytes(StandardCharsets.UTF_8)))).isEqualTo(stored);
        assertThat(conversion.toStored(new byte[0])).isEmpty();
    }
}
