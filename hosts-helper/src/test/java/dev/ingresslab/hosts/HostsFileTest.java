package dev.ingresslab.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostsFileTest {
    static final String B = HostsFile.BEGIN_MARKER;
    static final String E = HostsFile.END_MARKER;
    static final HostName ALPACA = new HostName("alpaca.example.com");
    static final HostName BANDICOOT = new HostName("bandicoot.example.com");

    static HostsFile parse(String text) throws MalformedHostsFile {
        return HostsFile.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesABeginMarkerWithoutAnEnd() {
        assertThatThrownBy(() -> parse("127.0.0.1 localhost\n" + B + "\n127.0.0.1 alpaca.example.com\n"))
                .isInstanceOf(MalformedHostsFile.class)
                .hasMessageStartingWith("line 2: a begin marker without an end marker below it")
                .hasMessageContaining("docs/hosts.md")
                .satisfies(e -> assertThat(((MalformedHostsFile) e).line()).isEqualTo(2));
    }

    @Test
    void refusesAnEndMarkerWithoutABegin() {
        assertThatThrownBy(() -> parse("127.0.0.1 localhost\n" + E + "\n"))
                .isInstanceOf(MalformedHostsFile.class)
                .hasMessageStartingWith("line 2: an end marker without a begin marker above it");
    }

    @Test
    void refusesTwoBlocks() {
        assertThatThrownBy(() -> parse(B + "\n" + E + "\n# x\n" + B + "\n" + E + "\n"))
                .isInstanceOf(MalformedHostsFile.class)
                .hasMessageStartingWith("line 4: a second Ingress Lab block (the first begins on line 1)");
    }

    @Test
    void refusesANestedBeginMarker() {
        assertThatThrownBy(() -> parse(B + "\n" + B + "\n" + E + "\n"))
                .isInstanceOf(MalformedHostsFile.class)
                .hasMessageStartingWith("line 2: a second begin marker inside the block that begins on line 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "# >>> ingress-lab >>>",
            "# >>> ingress-lab (managed; DO NOT edit inside) >>>",
            "# <<< ingress-lab",
            "# <<< ingress-lab <<< old",
    })
    void refusesALineThatLooksLikeAMarkerButIsNot(String marker) {
        assertThatThrownBy(() -> parse("127.0.0.1 localhost\n" + marker + "\n"))
                .isInstanceOf(MalformedHostsFile.class)
                .hasMessageContaining("line 2: \"" + marker + "\" looks like an Ingress Lab marker but is not exactly one");
    }

    @Test
    void statusSaysWhoMapsEachName() throws Exception {
        HostsFile file = parse("10.0.0.5 alpaca.example.com # staging\n"
                + "127.0.0.2\tother.example.com\n"
                + B + "\n127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n"
                + "127.0.0.1 bandicoot.example.com\n::1 bandicoot.example.com\n" + E + "\n"
                + "10.9.9.9 bandicoot.example.com\n");

        HostsStatus alpaca = file.status(ALPACA);
        assertThat(alpaca.inBlock()).isTrue();
        assertThat(alpaca.state()).isEqualTo(HostsStatus.State.ELSEWHERE);
        assertThat(alpaca.effective()).isEqualTo(new Mapping(1, "10.0.0.5", "10.0.0.5 alpaca.example.com # staging",
                true));
        assertThat(alpaca.reachesIngressLab()).isFalse();
        assertThat(alpaca.describe()).isEqualTo("alpaca.example.com: line 1 maps it to 10.0.0.5, so it does not reach "
                + "Ingress Lab; edit that line by hand (Ingress Lab never changes lines outside its block)");

        // A line after the block does not decide: the block comes first.
        HostsStatus bandicoot = file.status(BANDICOOT);
        assertThat(bandicoot.state()).isEqualTo(HostsStatus.State.ELSEWHERE);
        assertThat(bandicoot.effective()).isNull();
        assertThat(bandicoot.reachesIngressLab()).isTrue();
        assertThat(bandicoot.elsewhere()).singleElement().satisfies(m -> {
            assertThat(m.line()).isEqualTo(9);
            assertThat(m.beforeBlock()).isFalse();
            assertThat(m.shadowsBlock()).isFalse();
        });

        // 127.0.0.2 is loopback, but Ingress Lab listens on 127.0.0.1 and ::1 only
        HostsStatus other = file.status(new HostName("other.example.com"));
        assertThat(other.inBlock()).isFalse();
        assertThat(other.reachesIngressLab()).isFalse();
        assertThat(other.describe()).isEqualTo("other.example.com: line 2 maps it to 127.0.0.2, a loopback address "
                + "Ingress Lab does not listen on, so it does not reach Ingress Lab; edit that line by hand (Ingress "
                + "Lab never changes lines outside its block)");
        HostsFile listening = parse("::1 v6.example.com\n0:0:0:0:0:0:0:1 v6b.example.com\n");
        assertThat(listening.status(new HostName("v6.example.com")).describe())
                .isEqualTo("v6.example.com: line 1 maps it to ::1 (where Ingress Lab listens)");
        assertThat(listening.status(new HostName("v6b.example.com")).reachesIngressLab()).isTrue();

        HostsStatus absent = file.status(new HostName("nowhere.example.com"));
        assertThat(absent.state()).isEqualTo(HostsStatus.State.ABSENT);
        assertThat(absent.describe()).isEqualTo("nowhere.example.com: not in the hosts file");
        assertThat(parse(B + "\n127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n" + E + "\n").status(ALPACA)
                .state()).isEqualTo(HostsStatus.State.IN_BLOCK);
    }

    @Test
    void namesAreMatchedWithoutCaseOrTrailingDotAndNotInsideComments() throws Exception {
        HostsFile file = parse("10.0.0.5 ALPACA.Example.COM.\n# 10.0.0.6 bandicoot.example.com\n"
                + "10.0.0.7 x.example #bandicoot.example.com\n");
        assertThat(file.mappingsOutside(ALPACA)).extracting(Mapping::line).containsExactly(1);
        assertThat(file.mappingsOutside(BANDICOOT)).isEmpty();
    }

    @Test
    void readsTheBlockItsOwnWayAndKeepsForeignLinesApart() throws Exception {
        HostsFile file = parse(B + "\n127.0.0.1\talpaca.example.com\n::1 Bandicoot.example.com\n"
                + "10.0.0.1 evil.example.com\n127.0.0.1 a.example.com b.example.com\n" + E + "\n");
        assertThat(file.managedNames()).containsExactly(ALPACA);
        assertThat(file.foreignLinesInBlock()).extracting(HostsFile.Line::number).containsExactly(3, 4, 5);
        assertThat(file.mappingsOutside(new HostName("evil.example.com"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,true", "127.0.1.1,true", "127.255.255.254,true", "::1,true", "0:0:0:0:0:0:0:1,true",
            "0000::0001,true", "::0:1,true", "10.0.0.1,false", "128.0.0.1,false", "127.0.0.256,false", "127.1,false",
            "::2,false", "fe80::1,false", "localhost,false", "::ffff:127.0.0.1,false", "127.0.0.1x,false"})
    void knowsLoopbackAddresses(String address, boolean loopback) {
        assertThat(HostsFile.isLoopbackAddress(address)).isEqualTo(loopback);
    }

    @Test
    void anAbsentFileGetsTheBlockAlone() {
        HostsPlan plan = HostsPlan.sync(HostsFile.absent(), List.of(ALPACA));
        assertThat(new String(plan.newContent(), StandardCharsets.US_ASCII))
                .isEqualTo(B + "\n127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n" + E + "\n");
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.describe()).contains("the hosts file does not exist; it will be created (mode rw-r--r--)");
        assertThat(HostsPlan.clean(HostsFile.absent()).isEmpty()).isTrue();
        assertThat(HostsPlan.sync(HostsFile.absent(), List.of()).isEmpty()).isTrue();
    }

    @Test
    void syncingNoNamesRemovesTheBlock() throws Exception {
        HostsFile file = parse("# x\n" + B + "\n127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n" + E + "\n");
        HostsPlan plan = HostsPlan.sync(file, List.of());
        assertThat(new String(plan.newContent(), StandardCharsets.US_ASCII)).isEqualTo("# x\n");
        assertThat(plan.removed()).containsExactly(ALPACA);
        assertThat(plan.describe()).containsExactly("- alpaca.example.com");
    }

    @Test
    void anEmptyPlanSaysSo() throws Exception {
        HostsFile file = parse(B + "\n127.0.0.1 alpaca.example.com\n::1 alpaca.example.com\n" + E + "\n");
        HostsPlan plan = HostsPlan.sync(file, List.of(ALPACA, ALPACA));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.describe()).containsExactly(
                "the hosts file already maps these names in its Ingress Lab block; nothing to change");
    }
}
