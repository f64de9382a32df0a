package dev.ktune.suggester.sampler.tpe;

import dev.ktune.protocol.Domain;
import dev.ktune.protocol.Objective;
import dev.ktune.protocol.SearcherSpec;
import dev.ktune.suggester.sampler.History;
import dev.ktune.suggester.sampler.RandomSampler;
import dev.ktune.suggester.sampler.Sampler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Optuna's TPESampler with its 4.x defaults, univariate: {@code nStartupTrials} random trials first; then the finished
 * trials are split into the best gamma(n) = min(ceil(0.1 n), 25) ("below") and the rest ("above") as Optuna splits
 * them (completed by value, then stopped ones by the last iteration reached and their last value; failed ones ignored;
 * running ones above when {@code constantLiar}); per parameter, {@code nEiCandidates} draws from the below estimator,
 * and the one maximising log l(x) − log g(x) wins; with {@code multivariate}, whole configurations are drawn from and
 * judged by joint estimators instead (Optuna's multivariate TPE). Seeded per study and trial number.
 */
public final class TpeSampler implements Sampler {
    /** The searcher's TPE settings with Optuna's defaults. */
    public record Settings(int nStartupTrials, int nEiCandidates, double priorWeight, boolean magicClip, boolean constantLiar,
                           boolean multivariate) {
        public static final Settings DEFAULT = new Settings(10, 24, 1.0, true, false, false);

        public static Settings from(SearcherSpec s) {
            return new Settings(s.nStartupTrials() == null ? DEFAULT.nStartupTrials() : s.nStartupTrials(),
                    s.nEiCandidates() == null ? DEFAULT.nEiCandidates() : s.nEiCandidates(),
                    DEFAULT.priorWeight(), DEFAULT.magicClip(), Boolean.TRUE.equals(s.constantLiar()),
                    Boolean.TRUE.equals(s.multivariate()));
        }
    }

    private final Map<String, Domain> domains;
    private final Objective objective;
    private final Settings settings;
    private final long seed;

    public TpeSampler(Map<String, Domain> domains, Objective objective, Settings settings, long seed) {
        this.domains = new LinkedHashMap<>(domains);
        this.objective = objective;
        this.settings = settings;
        this.seed = seed;
    }

    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    @Override
    public Map<String, Object> suggest(int number, History history) {
        SplittableRandom rng = new SplittableRandom(RandomSampler.trialSeed(seed, number));
        List<History.Trial> finished = history.trials().stream()
                .filter(t -> t.number() != number)
                .filter(t -> t.state() == History.State.COMPLETED || t.state() == History.State.STOPPED
                        || t.state() == History.State.PAUSED).toList();
        Map<String, Object> params = new LinkedHashMap<>();
        if (finished.size() < settings.nStartupTrials()) {
            domains.forEach((name, d) -> params.put(name, RandomSampler.sample(d, rng)));
            return params;
        }
        List<History.Trial> considered = new ArrayList<>(finished);
        if (settings.constantLiar()) {
            history.trials().stream().filter(t -> t.state() == History.State.RUNNING && t.number() != number).forEach(considered::add);
        }
        Split split = split(considered, gamma(finished.size()), objective);
        List<String> searched = new ArrayList<>();
        domains.forEach((name, d) -> {
            if (d instanceof Domain.Constant c) params.put(name, c.value());
            else searched.add(name);
        });
        if (settings.multivariate() && searched.size() > 1) {
            suggestJointly(searched, split, rng, params);
        } else {
            for (String name : searched) suggestOne(name, split, rng, params);
        }
        // keep the declared order
        Map<String, Object> ordered = new LinkedHashMap<>();
        domains.keySet().forEach(name -> ordered.put(name, params.get(name)));
        return ordered;
    }

    private void suggestOne(String name, Split split, SplittableRandom rng, Map<String, Object> params) {
        TpeDomain domain = TpeDomain.of(domains.get(name));
        ParzenEstimator below = new ParzenEstimator(domain, observations(split.below(), name, domain), settings.priorWeight(), settings.magicClip());
        ParzenEstimator above = new ParzenEstimator(domain, observations(split.above(), name, domain), settings.priorWeight(), settings.magicClip());
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < settings.nEiCandidates(); i++) {
            double x = below.sample(rng);
            double score = below.logPdf(x) - above.logPdf(x);
            if (Double.isNaN(best) || score > bestScore) { // argmax: the first of equal scores wins
                best = x;
                bestScore = score;
            }
        }
        params.put(name, domain.external(best));
    }

    /** Multivariate TPE: one joint estimator per group, candidates drawn and judged as whole configurations. */
    private void suggestJointly(List<String> names, Split split, SplittableRandom rng, Map<String, Object> params) {
        TpeDomain[] kinds = names.stream().map(n -> TpeDomain.of(domains.get(n))).toArray(TpeDomain[]::new);
        JointEstimator below = joint(names, kinds, split.below());
        JointEstimator above = joint(names, kinds, split.above());
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < settings.nEiCandidates(); i++) {
            double[] x = below.sample(rng);
            double score = below.logPdf(x) - above.logPdf(x);
            if (best == null || score > bestScore) {
                best = x;
                bestScore = score;
            }
        }
        for (int i = 0; i < names.size(); i++) params.put(names.get(i), kinds[i].external(best[i]));
    }

    private JointEstimator joint(List<String> names, TpeDomain[] kinds, List<History.Trial> trials) {
        // only trials holding every searched parameter, as Optuna's relative search space requires
        List<History.Trial> full = trials.stream().filter(t -> t.params().keySet().containsAll(names)).toList();
        ParzenEstimator[] parts = new ParzenEstimator[names.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new ParzenEstimator(kinds[i], observations(full, names.get(i), kinds[i]), settings.priorWeight(),
                    settings.magicClip(), names.size());
        }
        return new JointEstimator(parts);
    }

    /** The best trials and the rest, each in trial-number order. */
    public record Split(List<History.Trial> below, List<History.Trial> above) {}

    /** Optuna's _split_trials for one objective. */
    public static Split split(List<History.Trial> trials, int nBelow, Objective objective) {
        List<History.Trial> complete = new ArrayList<>();
        List<History.Trial> stopped = new ArrayList<>();
        List<History.Trial> running = new ArrayList<>();
        for (History.Trial t : trials) {
            switch (t.state()) {
                case COMPLETED -> complete.add(t);
                case STOPPED, PAUSED -> stopped.add(t);
                case RUNNING -> running.add(t);
                default -> { } // failed trials say nothing about the objective
            }
        }
        complete.sort(Comparator.comparingDouble(t -> -objective.sign() * value(t.lastValue())));
        int fromComplete = Math.min(nBelow, complete.size());
        stopped.sort(Comparator.<History.Trial>comparingDouble(t -> -t.iterations())
                .thenComparingDouble(t -> t.lastValue() == null || t.lastValue().isNaN() ? Double.POSITIVE_INFINITY
                        : -objective.sign() * t.lastValue()));
        int fromStopped = Math.min(Math.max(0, nBelow - fromComplete), stopped.size());
        List<History.Trial> below = new ArrayList<>(complete.subList(0, fromComplete));
        below.addAll(stopped.subList(0, fromStopped));
        List<History.Trial> above = new ArrayList<>(complete.subList(fromComplete, complete.size()));
        above.addAll(stopped.subList(fromStopped, stopped.size()));
        above.addAll(running);
        below.sort(Comparator.comparingInt(History.Trial::number));
        above.sort(Comparator.comparingInt(History.Trial::number));
        return new Split(below, above);
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static double[] observations(List<History.Trial> trials, String name, TpeDomain domain) {
        return trials.stream().filter(t -> t.params().containsKey(name))
                .mapToDouble(t -> domain.internal(t.params().get(name))).toArray();
    }
}
