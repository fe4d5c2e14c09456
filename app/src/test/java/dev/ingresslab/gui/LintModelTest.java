package dev.ingresslab.gui;

import dev.ingresslab.core.SessionOptions;
import dev.ingresslab.core.Source;
import dev.ingresslab.lint.LintFinding;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.ingresslab.gui.FxCalls.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #18: the Lint model's findings as the view listens to them. The gutter's marks and the line under the editor
 * follow {@link LintModel#findings()} through listeners; a read-only view made per call listens to the list weakly,
 * so after a garbage collection those listeners heard nothing and the gutter's {@code ● 6} went missing under load.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LintModelTest {

    @TempDir
    Path data;

    @Test
    void aListenerOnTheFindingsHearsEveryLintAfterTheGarbageCollectorRan() throws Exception {
        LintModel model = onFx(() -> new LintModel(new SessionModel(new GuiStart(SessionOptions.defaults()
                .withDataDirectory(data), new Source.Sandbox(false), Optional.empty(), false))));
        AtomicInteger heard = new AtomicInteger();
        onFx(() -> {
            model.findings().addListener((ListChangeListener<LintFinding>) change -> heard.incrementAndGet());
            return null;
        });
        for (int i = 0; i < 3; i++) {
            System.gc(); // a weakly held view goes now, not at some later collection
            Thread.sleep(20);
        }

        onFx(() -> {
            model.textProperty().set("apiVersion: networking.k8s.io/v1\nkind: ingress\n");
            model.lintNow();
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (onFx(() -> model.findings().isEmpty())) { // the lint runs on a background worker
            assertThat(System.nanoTime()).as("the lint's findings within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThat(heard.get()).as("the listener heard the findings change").isPositive();
        assertThat(onFx(model::findings)).as("one list, whoever asks").isSameAs(onFx(model::findings));
    }
}
