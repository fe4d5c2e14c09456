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
                "simple", "host", "path", "class", "multiple", "namespaces", "rewrite", "tls");
        assertThat(items).filteredOn(SampleItem::mistake).hasSize(2);
    }

    @Test
    void eachExplanationIsTheManifestsOwnComment() {
        SampleItem host = SampleItem.chapter().stream().filter(item -> item.name().equals("host")).findFirst()
                .orElseThrow();

        assertThat(host.explanation()).isEqualTo("Step 2: route by the Host header. alpaca.example.com goes to"
                + " alpaca; every other host to be-default.");
        assertThat(host.ingressNames()).containsExactly("host-ingress");
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
