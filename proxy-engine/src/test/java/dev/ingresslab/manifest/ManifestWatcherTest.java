package dev.ingresslab.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestWatcherTest {

    private static final String SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: %s}\n";

    @Test
    void reportsEachChangeAndEachBrokenEdit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.yaml");
        write(file, SERVICE.formatted("first"), 1);
        LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ManifestWatcher watcher = new ManifestWatcher(List.of(dir.toString()), new ManifestLoader(),
                new ManifestWatcher.Listener() {
                    @Override
                    public void loaded(ManifestSet manifests) {
                        events.add(manifests);
                    }

                    @Override
                    public void failed(ManifestException problems) {
                        events.add(problems);
                    }
                })) {
            assertThat(watcher.loadNow().objects()).singleElement()
                    .satisfies(o -> assertThat(o.object().getMetadata().getName()).isEqualTo("first"));
            watcher.watch(Duration.ofMillis(20));

            write(file, SERVICE.formatted("second"), 2);
            Object changed = events.poll(10, TimeUnit.SECONDS);
            assertThat(changed).isInstanceOfSatisfying(ManifestSet.class, set -> assertThat(set.objects())
                    .singleElement().satisfies(o -> assertThat(o.object().getMetadata().getName())
                            .isEqualTo("second")));

            write(file, "kind: [broken", 3);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(ManifestException.class);

            Files.writeString(dir.resolve("more.yaml"), SERVICE.formatted("third"));
            write(file, SERVICE.formatted("second"), 4);
            assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(ManifestSet.class,
                    set -> assertThat(set.objects()).hasSize(2));
            assertThat(events.poll(200, TimeUnit.MILLISECONDS)).as("no change, no event").isNull();
        }
    }

    /** Writes and sets a distinct modification time, so that a change within one clock tick is still seen. */
    private static void write(Path file, String text, int version) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + version * 1000L));
    }
}
