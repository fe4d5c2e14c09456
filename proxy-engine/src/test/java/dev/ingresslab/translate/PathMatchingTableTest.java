package dev.ingresslab.translate;

import dev.ingresslab.testing.Cluster;
import dev.ingresslab.testing.TestIngress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.ingresslab.testing.Answers.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the Kubernetes documentation's path-matching examples (concepts/services-networking/ingress,
 * "Examples"). Paths are {@code Type:path} separated by {@code ;}; the i-th path goes to Service {@code s<i>}.
 */
class PathMatchingTableTest {

    @ParameterizedTest(name = "{0} with request {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Prefix:/                                  | /                | s0
            Prefix:/                                  | /any/path        | s0
            Exact:/foo                                | /foo             | s0
            Exact:/foo                                | /bar             | 404
            Exact:/foo                                | /foo/            | 404
            Exact:/foo/                               | /foo             | 404
            Prefix:/foo                               | /foo             | s0
            Prefix:/foo                               | /foo/            | s0
            Prefix:/foo/                              | /foo             | s0
            Prefix:/foo/                              | /foo/            | s0
            Prefix:/aaa/bb                            | /aaa/bbb         | 404
            Prefix:/aaa/bbb                           | /aaa/bbb         | s0
            Prefix:/aaa/bbb/                          | /aaa/bbb         | s0
            Prefix:/aaa/bbb                           | /aaa/bbb/        | s0
            Prefix:/aaa/bbb                           | /aaa/bbb/ccc     | s0
            Prefix:/aaa/bbb                           | /aaa/bbbxyz      | 404
            Prefix:/;Prefix:/aaa                      | /aaa/ccc         | s1
            Prefix:/;Prefix:/aaa;Prefix:/aaa/bbb      | /aaa/bbb         | s2
            Prefix:/;Prefix:/aaa;Prefix:/aaa/bbb      | /ccc             | s0
            Prefix:/aaa                               | /ccc             | default
            Prefix:/foo;Exact:/foo                    | /foo             | s1
            Exact:/foo;Prefix:/foo                    | /foo             | s0
            """)
    void followsTheDocumentationTable(String paths, String request, String expected) {
        TestIngress ingress = TestIngress.named("table").rule("foo.bar.com", rule -> {
            String[] entries = paths.split(";");
            for (int i = 0; i < entries.length; i++) {
                String[] typeAndPath = entries[i].split(":", 2);
                rule.path(typeAndPath[0], typeAndPath[1], "s" + i);
            }
        });
        if (expected.equals("default")) {
            ingress.defaultBackend("default");
        }
        Cluster cluster = Cluster.ofManifests().add(ingress);

        assertThat(servedBy(cluster.on("http://foo.bar.com" + request))).isEqualTo(expected);
    }
}
