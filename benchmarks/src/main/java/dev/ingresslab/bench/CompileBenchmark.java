package dev.ingresslab.bench;

import dev.ingresslab.translate.IngressTranslator;
import dev.ingresslab.translate.Translation;
import dev.ingresslab.translate.TranslationInput;
import dev.ingresslab.translate.TranslatorSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The time to compile Ingress objects into a route table (what every cluster change costs): class selection,
 * validation, backend resolution, conflict resolution and indexing. Budget: under 50 ms for 10,000 rules.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileBenchmark {

    @Param({"10000"})
    public int rules;

    private TranslationInput input;
    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Setup
    public void setUp() {
        input = SyntheticIngresses.input(rules);
    }

    @Benchmark
    public Translation compile() {
        return translator.translate(input);
    }
}
