#!/usr/bin/env bash
# Builds Conclave (tests skipped), starts the platform fresh and runs the load generator against it:
#   ./bench/run.sh [short|full|smoke]   (default short: every scenario in under five minutes)
# Results: bench/results/<UTC date and time>-<profile>/{results.json,results.md,latency.png}
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests package
exec java -Dconclave.home="$PWD" -jar bench/target/conclave-bench-exec.jar "$@"
