package dev.ingresslab.proxy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextKeyedCacheTest {

    private final List<String> made = new ArrayList<>();
    private final TextKeyedCache<String> cache = new TextKeyedCache<>(2, text -> {
        made.add(text);
        return text.toUpperCase();
    });

    @Test
    void aValueIsMadeOnceAndAnEqualTextFindsIt() {
        assertThat(cache.get("alpaca")).isEqualTo("ALPACA");
        assertThat(cache.get(new String("alpaca"))).as("an equal text, another instance").isEqualTo("ALPACA");
        assertThat(made).containsExactly("alpaca");
    }

    @Test
    void twoTextsShareAPairAndAThirdMovesTheOlderOut() {
        // two slots make one pair: every text lands in it
        cache.get("alpaca");
        cache.get("bandicoot");
        cache.get("alpaca");
        cache.get("bandicoot");
        assertThat(made).as("both stay").containsExactly("alpaca", "bandicoot");

        cache.get("capybara");
        cache.get("alpaca");
        cache.get("bandicoot");
        assertThat(made).as("bounded: each newcomer moves one aside")
                .hasSizeGreaterThan(3).startsWith("alpaca", "bandicoot", "capybara");
        assertThat(cache.get("bandicoot")).isEqualTo("BANDICOOT");
    }

    @Test
    void theSlotsArePowersOfTwo() {
        assertThatThrownBy(() -> new TextKeyedCache<>(3, text -> text)).hasMessageContaining("power of two");
    }
}
