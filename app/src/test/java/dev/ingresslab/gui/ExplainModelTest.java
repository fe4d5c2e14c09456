package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Explain says about a request it cannot explain; no window needed (the models are plain properties). */
class ExplainModelTest {

    @TempDir
    Path data;

    @Test
    void headersAreOnePerLineAndABadLineIsNamedWithHowToWriteIt() {
        assertThat(ExplainModel.parseHeaders("Host: bandicoot.example.com\n\n  X-Test:  a b \nX-Test: c"))
                .isEqualTo(Map.of("Host", List.of("bandicoot.example.com"), "X-Test", List.of("a b", "c")));
        assertThatThrownBy(() -> ExplainModel.parseHeaders("Host: a\nno colon here"))
                .hasMessage("header line 2 (no colon here) is not a header; write one per line as Name: value, as"
                        + " in Host: alpaca.example.com");
        assertThatThrownBy(() -> ExplainModel.parseHeaders("Bad Name: x"))
                .hasMessageStartingWith("header line 1 (Bad Name: x) is not a header");
        assertThatThrownBy(() -> ExplainModel.parseHeaders(": x")).hasMessageStartingWith("header line 1");
    }

    @Test
    void withNothingRunningItSaysToPressStart() {
        ExplainModel model = new ExplainModel(new SessionModel(new GuiStart(SessionOptions.defaults()
                .withDataDirectory(data), new Source.Sandbox(false), Optional.empty(), false)));

        model.explain();

        assertThat(model.problemProperty().get()).isEqualTo("Nothing is running: press Start in the bar above."
                + " Explain uses the routes in force.");
        assertThat(model.decisionProperty().get()).isNull();
    }
}
