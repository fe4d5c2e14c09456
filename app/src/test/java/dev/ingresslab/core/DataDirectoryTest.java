package dev.ingresslab.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryTest {

    @Test
    void followsEachPlatformsConventionAndTheOverride() {
        assertThat(DataDirectory.resolve(Map.of(), "Mac OS X", "/Users/ana"))
                .isEqualTo(Path.of("/Users/ana/Library/Application Support/Ingress Lab"));
        assertThat(DataDirectory.resolve(Map.of(), "Linux", "/home/ana"))
                .isEqualTo(Path.of("/home/ana/.local/share/ingress-lab"));
        assertThat(DataDirectory.resolve(Map.of("XDG_DATA_HOME", "/data"), "Linux", "/home/ana"))
                .isEqualTo(Path.of("/data/ingress-lab"));
        assertThat(DataDirectory.resolve(Map.of("INGRESS_LAB_HOME", "/tmp/lab", "XDG_DATA_HOME", "/data"), "Linux",
                "/home/ana")).isEqualTo(Path.of("/tmp/lab"));
    }
}
