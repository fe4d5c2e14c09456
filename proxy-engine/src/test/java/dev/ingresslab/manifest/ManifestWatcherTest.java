package dev.ingresslab.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Most tests step the watcher with {@link ManifestWatcher#check()} so that they see every state of the files, including
 * the ones a timer would only catch on a slow day; one runs the timer itself.
 */
class ManifestWatcherTest {

    private static final String SERVICE = "apiVersion: v1\nkind: Service\nmetadata: {name: %s}\n";

    @TempDir
    Path dir;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final ManifestWatcher.Listener recorder = new ManifestWatcher.Listener() {
        @Override
        public void loaded(ManifestSet manifests) {
            events.add(manifests);
        }

        @Override
        public void failed(ManifestException problems) {
            events.add(problems);
        }
    };

    @Test
    void reportsEachChangeOnceItHasSettledAndEachBrokenEdit() throws Exception {
        Path file = dir.resolve("app.yaml");
        write(file, SERVICE.formatted("first"), 1);
        try (ManifestWatcher watcher = new ManifestWatcher(List.of(dir.toString()), new ManifestLoader(), recorder)) {
            assertThat(names(watcher.loadNow())).containsExactly("first");
            watcher.check();
            assertThat(events).as("nothing changed").isEmpty();

            write(file, SERVICE.formatted("second"), 2);
            watcher.check();
            assertThat(events).as("a change is loaded once it stays the same for one interval").isEmpty();
            watcher.check();
            assertThat(names(next())).containsExactly("second");

            write(file, "kind: [broken", 3);
            watcher.check();
            watcher.check();
            assertThat(events.poll()).isInstanceOf(ManifestException.class);

            Files.writeString(dir.resolve("more.yaml"), SERVICE.formatted("third"));
            write(file, SERVICE.formatted("second"), 4);
            watcher.check();
            watcher.check();
            assertThat(names(next())).containsExactlyInAnyOrder("second", "third");
            watcher.check();
            assertThat(events).as("no change, no event").isEmpty();

            Files.delete(dir.resolve("more.yaml"));
            watcher.check();
            watcher.check();
            assertThat(names(next())).as("a removed file counts as a change").containsExactly("second");
        }
    }

    /** Editors and {@code cat >} truncate first: the truncated file (valid, empty) must not replace the routes. */
    @Test
    void aFileCaughtHalfWrittenIsNotLoaded() throws Exception {
        Path file = dir.resolve("app.yaml");
        String both = SERVICE.formatted("first") + "---\n" + SERVICE.formatted("second");
        write(file, both, 1);
        try (ManifestWatcher watcher = new ManifestWatcher(List.of(file.toString()), new ManifestLoader(), recorder)) {
            watcher.loadNow();
            write(file, "", 2);
            watcher.check();
            write(file, SERVICE.formatted("first") + "---\n", 2);
            watcher.check();
            write(file, both.replace("second", "third"), 2);
            watcher.check();
            assertThat(events).as("the file changed at every check: nothing was loaded").isEmpty();
            watcher.check();
            assertThat(names(next())).containsExactly("first", "third");
        }
    }

    @Test
    void aFileChangedWhileBeingReadIsReadAgainOnceSettled() throws Exception {
        Path file = dir.resolve("app.yaml");
        write(file, SERVICE.formatted("first"), 1);
        ManifestLoader loader = new ManifestLoader();
        AtomicBoolean firstRead = new AtomicBoolean(true);
        ManifestWatcher.Reader changesUnderTheReader = sources -> {
            ManifestSet read = loader.load(sources);
            if (firstRead.getAndSet(false)) {
                write(file, SERVICE.formatted("third"), 3);
            }
            return read;
        };
        write(file, SERVICE.formatted("second"), 2);
        try (ManifestWatcher watcher = new ManifestWatcher(List.of(file.toString()), changesUnderTheReader, recorder)) {
            watcher.check();
            watcher.check();
            assertThat(events).as("what was read is already out of date").isEmpty();
            watcher.check();
            assertThat(names(next())).containsExactly("third");
        }
    }

    @Test
    void theTimerLoadsAChangeByItself() throws Exception {
        Path file = dir.resolve("app.yaml");
        write(file, SERVICE.formatted("first"), 1);
        try (ManifestWatcher watcher = new ManifestWatcher(List.of(file.toString()), new ManifestLoader(), recorder)) {
            watcher.loadNow();
            watcher.watch(Duration.ofMillis(20));
            // Replaced in one step, so that the timer cannot catch an intermediate state on a slow machine.
            Path next = dir.resolve("app.yaml.next");
            write(next, SERVICE.formatted("second"), 2);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(names(next())).containsExactly("second");
            assertThat(events.poll(200, TimeUnit.MILLISECONDS)).as("no change, no event").isNull();
        }
    }

    /** The timer's task would never run again after a throw: every Throwable must be reported instead. */
    @Test
    void theTimerSurvivesErrorsFromTheReaderAndTheListenerAndAppliesTheNextGoodEdit() throws Exception {
        Path file = dir.resolve("app.yaml");
        write(file, SERVICE.formatted("first"), 1);
        ManifestLoader loader = new ManifestLoader();
        ManifestWatcher.Reader failing = sources -> {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (text.contains("oom")) {
                throw new OutOfMemoryError("Java heap space");
            }
            if (text.contains("deep")) {
                throw new StackOverflowError();
            }
            return loader.load(sources);
        };
        ManifestWatcher.Listener listenerThatFails = new ManifestWatcher.Listener() {
            @Override
            public void loaded(ManifestSet manifests) {
                if (names(manifests).contains("listener-fails")) {
                    throw new StackOverflowError(); // as a translation might
                }
                recorder.loaded(manifests);
            }

            @Override
            public void failed(ManifestException problems) {
                recorder.failed(problems);
            }
        };
        try (ManifestWatcher watcher = new ManifestWatcher(List.of(file.toString()), failing, listenerThatFails)) {
            watcher.loadNow();
            watcher.watch(Duration.ofMillis(20));

            replace(file, SERVICE.formatted("oom"), 2);
            assertThat(nextProblem()).contains("cannot reload: java.lang.OutOfMemoryError: Java heap space")
                    .contains("hint: the manifests need more memory than this JVM has");
            replace(file, SERVICE.formatted("deep"), 3);
            assertThat(nextProblem()).contains("cannot reload: java.lang.StackOverflowError")
                    .contains("nest too deeply");
            replace(file, SERVICE.formatted("listener-fails"), 4);
            assertThat(nextProblem()).contains("cannot reload: java.lang.StackOverflowError");

            replace(file, SERVICE.formatted("second"), 5);
            assertThat(names(next())).as("the next good edit is applied").containsExactly("second");
        }
    }

    private String nextProblem() throws InterruptedException {
        Object event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(ManifestException.class);
        return ((ManifestException) event).problems().stream().map(ManifestProblem::display).toList().toString();
    }

    /** Replaces a file in one step, so that the timer cannot catch an intermediate state. */
    private void replace(Path file, String text, int version) throws IOException {
        Path next = dir.resolve(file.getFileName() + ".next");
        write(next, text, version);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private ManifestSet next() throws InterruptedException {
        Object event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(ManifestSet.class);
        return (ManifestSet) event;
    }

    private static List<String> names(ManifestSet manifests) {
        return manifests.objects().stream().map(o -> o.object().getMetadata().getName()).toList();
    }

    /** Writes and sets a distinct modification time, so that a change within one clock tick is still seen. */
    private static void write(Path file, String text, int version) {
        try {
            Files.writeString(file, text);
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + version * 1000L));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
