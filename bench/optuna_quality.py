#!/usr/bin/env python3
"""Optuna's TPE and random search on the same functions as QualityBenchmark.java, for a side-by-side table.

Usage: optuna_quality.py [SEEDS] [SAMPLERS], SAMPLERS a comma-separated subset of random,tpe,tpe-multivariate (default
all). Needs optuna (bench/run.sh installs it into a virtual environment).
"""
import math
import statistics
import sys

import optuna

CHECKPOINTS = (30, 100, 300)


def branin(t):
    x = t.suggest_float("x", -5, 10)
    y = t.suggest_float("y", 0, 15)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(t):
    x = [t.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def logint4(t):
    lr = t.suggest_float("lr", 1e-5, 1e-1, log=True)
    wd = t.suggest_float("wd", 1e-6, 1e-2, log=True)
    layers = t.suggest_int("layers", 1, 7)  # Ray's randint(1, 8): upper bound exclusive
    units = t.suggest_int("units", 8, 512, log=True)  # Ray's lograndint(8, 513)
    return (math.log10(lr) + 3) ** 2 + (math.log10(wd) + 4) ** 2 / 4 + (layers - 3) ** 2 / 4 + (math.log2(units) - 6) ** 2 / 9


OPT = {"sgd": 0.3, "adam": 0.0, "rmsprop": 0.5, "adagrad": 1.0}
ACT = {"relu": 0.2, "tanh": 0.6, "gelu": 0.0, "sigmoid": 1.0, "elu": 0.4}


def categorical(t):
    x = t.suggest_float("x", 0, 1)
    o = t.suggest_categorical("opt", list(OPT))
    a = t.suggest_categorical("act", list(ACT))
    return (x - 0.5) ** 2 + OPT[o] + ACT[a]


FUNCTIONS = [("branin", 0.397887, branin), ("hartmann6", -3.32237, hartmann6), ("logint4", 0, logint4), ("categorical", 0, categorical)]


def run(objective, sampler):
    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=CHECKPOINTS[-1])
    values = [t.value for t in study.trials]
    return [min(values[:c]) for c in CHECKPOINTS]


def main():
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    wanted = sys.argv[2].split(",") if len(sys.argv) > 2 else ["random", "tpe", "tpe-multivariate"]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    print(f"| function | sampler (optuna {optuna.__version__}) | median best @30 | @100 | @300 |")
    print("|---|---|---|---|---|")
    for name, optimum, f in FUNCTIONS:
        for label, make in (("random", lambda s: optuna.samplers.RandomSampler(seed=s)),
                            ("tpe", lambda s: optuna.samplers.TPESampler(seed=s)),
                            ("tpe-multivariate", lambda s: optuna.samplers.TPESampler(seed=s, multivariate=True))):
            if label not in wanted:
                continue
            runs = [run(f, make(s)) for s in range(seeds)]
            medians = [statistics.median(r[i] for r in runs) for i in range(len(CHECKPOINTS))]
            print(f"| {name} (min {optimum}) | {label} | " + " | ".join(f"{m:.4f}" for m in medians) + " |", flush=True)


if __name__ == "__main__":
    main()
