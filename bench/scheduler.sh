#!/usr/bin/env bash
# Metric reports through the real scheduler-stream, as trainers send them: decisions per second and the latency from a
# report being sent to its decision being readable (p50, p99), at 1, 100 and 1,000 concurrent trials.
# Usage: bench/scheduler.sh [N ...] (default 1 100 1000). SECONDS_PER_LEVEL=20 by default; SCHEDULER=median for the
# median stopping rule instead of ASHA.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -Dseconds="${SECONDS_PER_LEVEL:-20}" -Dscheduler="${SCHEDULER:-asha}" -Dktune.home="$root" -cp "$cp" dev.ktune.bench.SchedulerBenchmark "$@"
