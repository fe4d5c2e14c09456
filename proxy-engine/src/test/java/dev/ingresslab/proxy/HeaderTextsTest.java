package dev.ingresslab.proxy;

import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTextsTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRepeatedValueIsDecodedOnceAndADifferentOneIsNotMistakenForIt() {
        HeaderTexts texts = new HeaderTexts();
        byte[] first = bytes("xx text/plain yy");
        String decoded = texts.value(first, 3, 13);
        assertThat(decoded).isEqualTo("text/plain");
        assertThat(texts.value(bytes("text/plain"), 0, 10)).as("the same instance").isSameAs(decoded);
        assertThat(texts.value(bytes("text/plaiN"), 0, 10)).isEqualTo("text/plaiN");
        assertThat(texts.value(bytes("caf\u00e9"), 0, 4)).as("ISO-8859-1").isEqualTo("caf\u00e9");
        assertThat(texts.value(bytes(""), 0, 0)).isEmpty();
    }

    @Test
    void textsThatHashToTheSameSlotDoNotEvictEachOther() {
        // two common texts of one response may share a slot (as Server and Connection did once): find such a pair
        String first = "X-Header-0";
        String second = null;
        for (int i = 1; second == null; i++) {
            String candidate = "X-Header-" + i;
            if (HeaderTexts.slot(bytes(candidate), 0, candidate.length())
                    == HeaderTexts.slot(bytes(first), 0, first.length())) {
                second = candidate;
            }
        }
        HeaderTexts texts = new HeaderTexts();
        HttpString firstName = texts.name(bytes(first), 0, first.length());
        HttpString secondName = texts.name(bytes(second), 0, second.length());
        String firstValue = texts.value(bytes(first), 0, first.length());
        String secondValue = texts.value(bytes(second), 0, second.length());
        for (int i = 0; i < 3; i++) {
            assertThat(texts.name(bytes(first), 0, first.length())).isSameAs(firstName);
            assertThat(texts.name(bytes(second), 0, second.length())).isSameAs(secondName);
            assertThat(texts.value(bytes(first), 0, first.length())).isSameAs(firstValue);
            assertThat(texts.value(bytes(second), 0, second.length())).isSameAs(secondValue);
        }
    }

    @Test
    void aTextInTheOtherSlotOfAPairStaysWhenItsNeighbourArrives() {
        // the second text's own slot is empty: it goes there, and the first, in the other way, is not moved over
        String first = null;
        String second = null;
        for (int i = 0; second == null; i++) {
            String candidate = "X-Pair-" + i;
            int slot = HeaderTexts.slot(bytes(candidate), 0, candidate.length());
            if (first == null && (slot & 1) == 1) {
                first = candidate;
            } else if (first != null && slot == (HeaderTexts.slot(bytes(first), 0, first.length()) ^ 1)) {
                second = candidate;
            }
        }
        HeaderTexts texts = new HeaderTexts();
        String firstValue = texts.value(bytes(first), 0, first.length());
        texts.value(bytes(second), 0, second.length());
        assertThat(texts.value(bytes(first), 0, first.length())).isSameAs(firstValue);
    }

    @Test
    void namesAreUndertowsSharedInstancesWhenItKnowsThem() {
        HeaderTexts texts = new HeaderTexts();
        assertThat(texts.name(bytes("Content-Type"), 0, 12)).isSameAs(Headers.CONTENT_TYPE);
        HttpString custom = texts.name(bytes("X-Backend-Name"), 0, 14);
        assertThat(custom.toString()).isEqualTo("X-Backend-Name");
        assertThat(texts.name(bytes("X-Backend-Name"), 0, 14)).isSameAs(custom);
        assertThat(texts.name(bytes("x-backend-name"), 0, 14).toString()).as("spelling kept as sent")
                .isEqualTo("x-backend-name");
    }

    @Test
    void sharedTextsAreTheFirstEqualInstanceAndMemoryStaysBounded() {
        HeaderTexts texts = new HeaderTexts();
        String host = new String(bytes("alpaca.example.com"), StandardCharsets.ISO_8859_1);
        assertThat(texts.shared(host)).isSameAs(host);
        String again = new String(bytes("alpaca.example.com"), StandardCharsets.ISO_8859_1);
        assertThat(texts.shared(again)).isSameAs(host).isEqualTo(again);
        assertThat(texts.shared(null)).isNull();
        for (int i = 0; i < 10_000; i++) { // far more texts than slots: each is still given back equal
            String path = "/p" + i;
            assertThat(texts.shared(path)).isEqualTo(path);
        }
    }
}
