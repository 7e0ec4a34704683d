#!/usr/bin/env bash
# Builds Conclave (tests skipped) and starts the whole platform on this machine — embedded PostgreSQL, each service
# in its own process — then prints the URL to open. Ctrl-C stops everything. Options: --gateway-port=N,
# --signaling-port=N, --auth-port=N, --signaling-nodes=N (several nodes sharing rooms through an embedded Redis),
# --state-dir=PATH, --verbose.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests package
exec java -Dconclave.home="$PWD" -jar local-run/target/conclave-local-exec.jar "$@"
