package dev.ingresslab.cli;

import dev.ingresslab.control.ControlFile;
import dev.ingresslab.control.ControlJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The port {@code hosts} names in its URLs when none is asked for. */
class UrlPortTest {

    @TempDir
    Path data;

    @Test
    void aDemoOnAnyFreePortIsFoundByItsControlFile() throws Exception {
        // a demo started with --http-port 0 takes no port lock: its control file names the port it was given
        ProcessHandle self = ProcessHandle.current();
        ControlFile demo = new ControlFile(self.pid(), self.info().startInstant().orElse(null), 1, "token", "demo",
                41379, "demo on port 41379", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Path folder = Files.createDirectories(data.resolve("run").resolve("control"));
        Files.write(folder.resolve(self.pid() + "-1.json"), ControlJson.MAPPER.writeValueAsBytes(demo));

        UrlPort port = UrlPort.of(null, data);

        assertThat(port.port()).isEqualTo(41379);
        assertThat(port.why()).isEqualTo("the port of demo on port 41379 (pid " + self.pid() + ", since "
                + demo.since() + ")");
    }

    @Test
    void aServeIsNotADemo() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        ControlFile serve = new ControlFile(self.pid(), self.info().startInstant().orElse(null), 1, "token", "serve",
                41379, "serve on port 41379", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Path folder = Files.createDirectories(data.resolve("run").resolve("control"));
        Files.write(folder.resolve(self.pid() + "-1.json"), ControlJson.MAPPER.writeValueAsBytes(serve));

        assertThat(UrlPort.of(null, data).port()).isNotEqualTo(41379);
    }

    @Test
    void theAskedPortComesFirst() {
        assertThat(UrlPort.of(8081, data)).isEqualTo(new UrlPort(8081, "as asked"));
    }
}
