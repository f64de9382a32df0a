#!/usr/bin/env bash
# Reruns ktune's search benchmarks: TPE suggestion latency (JMH) and search quality (median best value over seeds),
# and, where Python can install optuna, Optuna's TPE on the same functions side by side.
# Usage: bench/run.sh [SEEDS] (default 20). Set SKIP_JMH=1 or SKIP_OPTUNA=1 to leave one out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${1:-20}"
cd "$root"
./mvnw -q -B -pl bench -am package -DskipTests
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
echo "## Search quality, ktune ($seeds seeds)"
java -cp "$cp" dev.ktune.bench.QualityBenchmark "$seeds"
if [ "${SKIP_JMH:-0}" != 1 ]; then
  echo "## One TPE suggestion (JMH, average time)"
  java -cp "$cp" org.openjdk.jmh.Main TpeSuggestBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us
fi
if [ "${SKIP_OPTUNA:-0}" != 1 ]; then
  venv="${KTUNE_CACHE:-$HOME/.cache/ktune}/optuna"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import optuna, sys; sys.exit(optuna.__version__ >= '5')" 2>/dev/null; then
    echo "installing optuna into $venv (once)" >&2
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "optuna>=4,<5" || { echo "optuna could not be installed: skipping the side-by-side run" >&2; exit 0; }
  fi
  echo "## Search quality, Optuna ($seeds seeds)"
  "$venv/bin/python" bench/optuna_quality.py "$seeds"
fi
