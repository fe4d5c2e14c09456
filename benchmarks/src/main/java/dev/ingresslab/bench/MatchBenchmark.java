package dev.ingresslab.bench;

import dev.ingresslab.route.Decision;
import dev.ingresslab.route.RouteTable;
import dev.ingresslab.route.SimpleRequest;
import dev.ingresslab.translate.IngressTranslator;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The proxy's per-request routing cost: host and path normalisation plus {@link RouteTable#match}, over a mix of
 * hits and misses. Budget: median under 1 µs at 10,000 rules.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchBenchmark {

    @Param({"10", "1000", "10000"})
    public int rules;

    private RouteTable table;
    private SimpleRequest[] requests;
    private final RandomGenerator random = new SplittableRandom(7);
    private int next;

    @Setup
    public void setUp() {
        table = new IngressTranslator(TranslatorSettings.defaults()).translate(SyntheticIngresses.input(rules))
                .table();
        requests = SyntheticIngresses.requests(rules, 4096, 11);
    }

    @Benchmark
    public Decision match() {
        SimpleRequest request = requests[next++ & (requests.length - 1)];
        return table.match(request, random);
    }
}
