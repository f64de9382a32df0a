"""Runs random result sequences through Ray Tune's own AsyncHyperBandScheduler and MedianStoppingRule and writes what
Ray decided, so that ktune's scheduler-stream can be replayed against it (RayParityTest). Ray's schedulers are driven
as Ray's tune controller drives them: on_trial_add, on_trial_result for each result, on_trial_complete with the same
result after a STOP, and on_trial_complete alone for a trial's final result (ktune's `done` report).

Usage: python ray_parity.py SCENARIOS SEED > ray-parity.json
"""
import json
import math
import random
import sys

import numpy as np
import ray
from ray.tune.schedulers import AsyncHyperBandScheduler, MedianStoppingRule, TrialScheduler

MASK = (1 << 64) - 1


class FakeTrial:
    """What the schedulers read of a trial: its id (ASHA) and its identity (the median rule's dict keys)."""

    def __init__(self, trial_id):
        self.trial_id = trial_id
        self.status = "RUNNING"


class FakeController:
    """No pending or paused trials: the median rule never pauses for lack of samples (ktune has no min_time_slice)."""

    def get_live_trials(self):
        return []


def java_string_hash(s):
    h = 0
    for ch in s:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def splitmix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def ktune_bracket(seed, trial_id, sizes):
    """ktune's deterministic bracket (AsyncHyperBand.bracketOf), so both sides put a trial in the same bracket."""
    z = (seed & MASK) ^ ((0x9E3779B97F4A7C15 * java_string_hash(trial_id)) & MASK) ^ ((len(trial_id) << 32) & MASK)
    u = (splitmix(z) >> 11) * 2.0 ** -53
    top = max(sizes)
    weights = [math.exp(s - top) for s in sizes]
    total = sum(weights)
    c = 0.0
    for s, w in enumerate(weights):
        c += w / total
        if u < c:
            return s
    return len(sizes) - 1


def number(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(float(x))


def value(rng, quality, t):
    roll = rng.random()
    if roll < 0.03:
        return float("nan")
    if roll < 0.04:
        return rng.choice([float("inf"), float("-inf")])
    v = quality * math.log1p(t) + rng.gauss(0, 0.3)
    return round(v, 1) if rng.random() < 0.5 else v  # rounded values make ties, where < and <= differ


def scenario(rng, index):
    mode = rng.choice(["max", "min"])
    seed = rng.randrange(1, 1 << 40)
    if rng.random() < 0.6:
        rf = rng.choice([2, 3, 4, 2.5])
        grace = rng.choice([1, 2, 2.5, 0.5])
        max_t = rng.choice([grace * rf ** rng.uniform(1, 4), float(round(grace * rf ** rng.randint(1, 4)))])
        brackets = rng.randint(1, 3)
        stop_last = rng.random() < 0.7
        sched = AsyncHyperBandScheduler(time_attr="t", metric="m", mode=mode, max_t=max_t, grace_period=grace,
                                        reduction_factor=rf, brackets=brackets, stop_last_trials=stop_last)
        spec = {"type": "asha", "timeAttr": "t", "maxT": max_t, "gracePeriod": grace, "reductionFactor": rf,
                "brackets": brackets, "stopLastTrials": stop_last}
        sizes = [len(b._rungs) for b in sched._brackets]
    else:
        grace = rng.choice([0.5, 1, 2, 3])
        min_samples = rng.randint(1, 4)
        hard = rng.random() < 0.5
        sched = MedianStoppingRule(time_attr="t", metric="m", mode=mode, grace_period=grace,
                                   min_samples_required=min_samples, hard_stop=hard)
        spec = {"type": "median", "timeAttr": "t", "gracePeriod": grace, "minSamplesRequired": min_samples,
                "hardStop": hard}
        sizes = None
    controller = FakeController()
    study = "ray-%03d" % index
    n = rng.randint(4, 14)
    trials = {}
    for i in range(n):
        tid = "%s-%05d" % (study, i)
        trial = FakeTrial(tid)
        sched.on_trial_add(controller, trial)
        if sizes is not None:  # Ray draws the bracket at random; use ktune's draw on both sides
            sched._trial_info[tid] = sched._brackets[ktune_bracket(seed, tid, sizes)]
        step = rng.choice([1.0, 0.5, None])
        trials[tid] = {"trial": trial, "quality": rng.uniform(0.2, 2), "t": 0.0, "step": step,
                       "length": rng.randint(1, 16), "reported": 0}
    events = []
    active = list(trials)
    while active:
        tid = rng.choice(active)
        tr = trials[tid]
        tr["t"] += tr["step"] if tr["step"] else rng.choice([0.5, 1, 1, 2, 3])
        if rng.random() < 0.05 and tr["reported"] > 0:
            tr["t"] -= 0.5  # time that does not grow: Ray still judges it
        t = tr["t"]
        m = value(rng, tr["quality"], t)
        tr["reported"] += 1
        if tr["reported"] >= tr["length"]:  # its final result: completed, never judged
            sched.on_trial_complete(controller, tr["trial"], {"t": t, "m": m})
            events.append([tid, "done", number(t), number(m), None])
            active.remove(tid)
            continue
        action = sched.on_trial_result(controller, tr["trial"], {"t": t, "m": m})
        events.append([tid, "result", number(t), number(m), action])
        if action == TrialScheduler.STOP:
            sched.on_trial_complete(controller, tr["trial"], {"t": t, "m": m})
            active.remove(tid)
    return {"studyId": study, "mode": mode, "seed": seed, "scheduler": spec, "events": events}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    np.random.seed(0)
    scenarios = [scenario(rng, i) for i in range(count)]
    json.dump({"ray": ray.__version__, "numpy": np.__version__, "scenarios": scenarios}, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
