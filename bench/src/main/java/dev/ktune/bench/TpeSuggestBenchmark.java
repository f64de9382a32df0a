package dev.ktune.bench;

import dev.ktune.protocol.Domain;
import dev.ktune.protocol.Objective;
import dev.ktune.suggester.sampler.History;
import dev.ktune.suggester.sampler.RandomSampler;
import dev.ktune.suggester.sampler.tpe.TpeSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The time of one TPE suggestion given a history of finished trials, by history size and dimensions. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TpeSuggestBenchmark {
    @Param({"10", "100", "1000"})
    int trials;

    @Param({"1", "5", "20"})
    int dims;

    TpeSampler sampler;
    History history;
    int next;

    @Setup
    public void setup() {
        Map<String, Domain> space = new LinkedHashMap<>();
        for (int i = 0; i < dims; i++) space.put("x" + i, new Domain.Uniform(0, 1));
        RandomSampler random = new RandomSampler(space, 1);
        List<History.Trial> done = new ArrayList<>();
        for (int n = 0; n < trials; n++) {
            Map<String, Object> p = random.suggest(n, History.EMPTY);
            double v = p.values().stream().mapToDouble(o -> Math.pow((double) o - 0.3, 2)).sum();
            done.add(new History.Trial(n, p, History.State.COMPLETED, v, 1, v));
        }
        history = new History(done);
        sampler = new TpeSampler(space, new Objective("v", "min"), new TpeSampler.Settings(0, 24, 1.0, true, false, false), 7);
    }

    @Benchmark
    public Map<String, Object> suggest() {
        return sampler.suggest(trials + (next++ & 1023), history);
    }
}
