package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleItemTest {

    @Test
    void theChapterInItsOrderWithTheMistakesJustBeforeSimple() {
        List<SampleItem> items = SampleItem.chapter();

        assertThat(items).extracting(SampleItem::name).containsExactly("services",
                "mistakes/simple-ingress-lowercase-kind.yaml", "mistakes/simple-ingress-spec-service.yaml",
                "simple", "host", "path", "class", "multiple", "namespaces", "rewrite", "tls",
                "gateway", "gateway-host", "gateway-path");
        assertThat(items).filteredOn(SampleItem::mistake).hasSize(2);
    }

    @Test
    void eachExplanationIsTheManifestsOwnComment() {
        SampleItem host = SampleItem.chapter().stream().filter(item -> item.name().equals("host")).findFirst()
                .orElseThrow();

        assertThat(host.explanation()).isEqualTo("Route by the Host header. alpaca.example.com goes to"
                + " alpaca; every other host to be-default.");
        assertThat(host.ingressNames()).containsExactly("host-ingress");
    }

    @Test
    void theListTheHeadingAndTheManifestGiveEachStepOneNumber() {
        List<SampleItem> items = SampleItem.chapter();

        assertThat(items).extracting(SampleItem::step).containsExactly(0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        for (SampleItem item : items) {
            int inComment = SampleItem.numberInComment(item.manifest());
            if (inComment > 0) {
                assertThat(item.step()).as("%s says Step %d in its comment", item.name(), inComment)
                        .isEqualTo(inComment);
            }
            if (item.step() > 0) {
                assertThat(item.listLine()).startsWith(item.step() + ". ");
                assertThat(item.heading()).startsWith("Step " + item.step() + " · ");
            } else {
                assertThat(item.listLine()).isEqualTo(item.title()).doesNotMatch("^\\d.*");
            }
            assertThat(item.explanation()).as("the heading gives the number").doesNotStartWith("Step ");
        }
        SampleItem host = items.stream().filter(item -> item.name().equals("host")).findFirst().orElseThrow();
        assertThat(host.listLine()).isEqualTo("2. host: " + host.title().substring("host: ".length()));
        assertThat(host.heading()).startsWith("Step 2 · host: ");
    }

    @Test
    void aStepOfSeveralIngressesNamesEach() {
        SampleItem multiple = SampleItem.chapter().stream().filter(item -> item.name().equals("multiple"))
                .findFirst().orElseThrow();

        assertThat(multiple.ingressNames()).contains("shop-web", "shop-api", "shop-api-copy");
    }

    @Test
    void commentLinesThatAreIndentedKeepTheirLine() {
        assertThat(SampleItem.comment("# One. Two\n# three.\n#   kubectl x\n# Four.\nkind: Service\n# not this"))
                .isEqualTo("One. Two three.\nkubectl x\nFour.");
    }
}
