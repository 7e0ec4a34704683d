#!/usr/bin/env bash
# Builds Conclave (tests skipped), starts the platform fresh and runs the load generator against it:
#   ./bench/run.sh [--container=tomcat|jetty] [short|full|smoke]   (default short: every scenario in under five
#   minutes; signaling on Tomcat unless --container=jetty, which also builds signaling-service with -Pjetty)
# Results: bench/results/<UTC date and time>-<profile>/{results.json,results.md,latency.png}
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests package
for arg in "$@"; do
  if [[ "${arg,,}" == --container=jetty ]]; then
    # Jetty's build of signaling-service: target/jetty/target/signaling-service-*-exec-jetty.jar, beside Tomcat's
    ./mvnw -B -q -DskipTests -pl signaling-service -Pjetty package
  fi
done
exec java -Dconclave.home="$PWD" -jar bench/target/conclave-bench-exec.jar "$@"
