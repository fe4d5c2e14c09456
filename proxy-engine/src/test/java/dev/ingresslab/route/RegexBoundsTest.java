package dev.ingresslab.route;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The patterns refused before RE2/J compiles them (issue #11 §2), and the estimate being an upper bound. */
class RegexBoundsTest {

    @ParameterizedTest(name = "{0} is a bad repetition operator")
    @ValueSource(strings = {
            "(?:(?:a{1,100}){1,100}){1,100}x", // the issue's: a million instructions in RE2/J
            "(?:(?:a{1,1000}){1,1000}){1,1000}", // the issue's: 6 GB or a StackOverflowError in RE2/J
            "a{1001}", "a{1001,}", "a{0,1001}", "a{99999999999999999999}", // a count over 1000
            "(?:a{2}){1000,}", "(?:a{2}){501}", // counts multiply: 2 × 1000 and 2 × 501
            "(?:(?:a*){20}){51}", "(?:(?:a+){20}){51}", "(?:(?:a?b){20}){51}", // * + ? inside counted repeats
            "(?:x(?:y{10})z){101}", "(a{10}|b{5}){101}", "(?i)(?P<n>[a-z]{40}){40}", "\\Qab\\E{10}(?:c{11}){100}"})
    void nestedOrLargeCountedRepetitionsAreRefusedAsRe2Does(String pattern) {
        RegexBounds.Measure measure = RegexBounds.measure(pattern);

        assertThat(measure.accepted()).isFalse();
        assertThat(measure.problem()).startsWith("bad repetition operator").contains("1000");
        assertThatThrownBy(() -> PathMatch.compileRegex(pattern)).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("bad repetition operator");
    }

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"a{1000}", "a{1000,}", "(?:a{2}){500}", "(?:(?:a*){20}){50}", "(?:(?:a{10}){10}){10}",
            "/api(/|$)(.*)", "/[0-9]{1,3}(\\.[0-9]{1,3}){3}", "/a{,5}", "/x{", "/x{1,2", "/\\x{41}{2}",
            "/\\p{Greek}+/\\pL{3}", "[]a]{3}", "[^]a-z[:alpha:]\\]]{10}", "(?i)(?:ab|cd){0}"})
    void ordinaryPatternsAreAcceptedAndCompile(String pattern) {
        RegexBounds.Measure measure = RegexBounds.measure(pattern);

        assertThat(measure.problem()).isNull();
        assertThat(measure.programSize()).isPositive();
        assertThat(PathMatch.compileRegex(pattern)).isNotNull();
    }

    @Test
    void aHugeAlternationIsTooLarge() {
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            pattern.append(i == 0 ? "" : "|").append("/p").append(i);
        }

        RegexBounds.Measure measure = RegexBounds.measure(pattern.toString());

        assertThat(measure.problem()).startsWith("expression too large").contains("174762");
    }

    @Test
    void aRepeatedRepetitionUnderTheCountLimitCanStillBeTooLarge() {
        // each count within 1000 and their product too, but 1000 copies of a 200-character alternation each
        String pattern = "(?:" + "b".repeat(200) + "|c){1000}";

        assertThat(RegexBounds.measure(pattern).problem()).startsWith("expression too large");
    }

    @Test
    void aHugeCharacterClassIsTooLarge() {
        StringBuilder huge = new StringBuilder("[");
        for (int i = 0; i < 5_000; i++) {
            huge.append("\\x{").append(Integer.toHexString(0x100 + 3 * i)).append('}');
        }

        RegexBounds.Measure measure = RegexBounds.measure(huge.append(']').toString());

        assertThat(measure.problem()).startsWith("expression too large").contains("5000 items");
        assertThat(RegexBounds.measure("[a-zA-Z0-9._~-]").problem()).isNull();
    }

    @Test
    void deepNestingIsRefusedWithoutOverflowingAnyStack() {
        String tooDeep = "(".repeat(100_000) + "a" + ")".repeat(100_000);
        String justDeepEnough = "(".repeat(1000) + "a" + ")".repeat(1000);
        String tooTall = "(a*".repeat(700) + "a" + ")*".repeat(700); // 700 groups, each a capture, * and a concat

        assertThat(RegexBounds.measure(tooDeep).problem()).startsWith("expression nests too deeply");
        assertThat(RegexBounds.measure("(?:".repeat(1001) + "a" + ")".repeat(1001)).problem())
                .startsWith("expression nests too deeply");
        assertThat(RegexBounds.measure(tooTall).problem()).startsWith("expression nests too deeply")
                .contains("2000 levels");
        assertThat(RegexBounds.measure("(?i)".repeat(5000) + "a").problem()).isNull(); // flags open no group
        assertThat(RegexBounds.measure("(".repeat(1000) + "a{0,1000}" + ")".repeat(1000)).problem())
                .startsWith("expression nests too deeply");
        // what is accepted compiles on a thread with the JVM's default stack (1 MiB on 64-bit Linux)
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable compileAll = () -> {
            try {
                PathMatch.compileRegex(justDeepEnough);
                PathMatch.compileRegex("(?:".repeat(999) + "a{0,1000}" + ")".repeat(999));
                PathMatch.compileRegex("(".repeat(500) + "(?:a{0,10}){0,10}" + ")".repeat(500));
                PathMatch.compileRegex("(a*".repeat(660) + "a" + ")*".repeat(660));
                PathMatch.compileRegex("(a|".repeat(990) + "a" + ")".repeat(990));
            } catch (Throwable e) {
                failure.set(e);
            }
        };
        Thread thread = new Thread(null, compileAll, "compile", 1024 * 1024);
        thread.start();
        assertThat(join(thread)).isTrue();
        assertThat(failure.get()).isNull();
    }

    @ParameterizedTest(name = "the estimate for {0} is at least RE2/J's program size")
    @ValueSource(strings = {"a{1000}", "a{1000,}", "(?:a{2}){500}", "(?:(?:a*){20}){50}", "(?:(?:a{10}){10}){10}x",
            "/api(/|$)(.*)", "(?i)/[0-9]{1,3}(\\.[0-9]{1,3}){3}", ".*a.*a.*a.*a.*ax", "(a|b|c|d|e)+?x",
            "(?:(?:ab|cd){2,5}|e){3,}", "\\Qhello\\E{3}", "(?P<x>a)(?:b(c)d){1,4}", "^/(?:foo|bar)/\\d+$",
            "[a-z]{0}b", "(?s).{1,999}", "(?U)a+b*?c{2,7}"})
    void theEstimateIsAnUpperBoundOfTheCompiledProgram(String pattern) throws Exception {
        long estimate = RegexBounds.measure(pattern).programSize();

        int actual = programSize(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE));

        assertThat(estimate).isGreaterThanOrEqualTo(actual).isLessThanOrEqualTo(3L * actual + 8);
    }

    /** RE2/J's instruction count, read from its internals: only this test looks there. */
    private static int programSize(Pattern pattern) throws Exception {
        Field re2 = Pattern.class.getDeclaredField("re2");
        re2.setAccessible(true);
        Object compiled = re2.get(pattern);
        Field prog = compiled.getClass().getDeclaredField("prog");
        prog.setAccessible(true);
        Object program = prog.get(compiled);
        var numInst = program.getClass().getDeclaredMethod("numInst");
        numInst.setAccessible(true);
        return (int) numInst.invoke(program);
    }

    private static boolean join(Thread thread) {
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
