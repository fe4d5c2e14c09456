package dev.ingresslab.hosts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** #15, tester's defect 4: a hosts line shown in a table or a note has its tabs as spaces. */
class MappingDisplayTest {

    @Test
    void aTabbedLineIsShownWithSpaces() throws Exception {
        HostsFile file = HostsFile.parse("127.0.0.1\tlocalhost\n10.1.2.3\talpaca.example.com\t# the NAS\n"
                .getBytes(StandardCharsets.UTF_8));
        HostsPlan plan = HostsPlan.sync(file, List.of(new HostName("alpaca.example.com")));

        assertThat(plan.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.mapping().display()).isEqualTo("10.1.2.3 alpaca.example.com # the NAS");
            assertThat(conflict.message()).contains("line 2 (\"10.1.2.3 alpaca.example.com # the NAS\")")
                    .doesNotContain("\t");
        });
    }
}
