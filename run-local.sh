#!/usr/bin/env bash
# Builds Conclave (tests skipped) and starts the whole platform on this machine — embedded PostgreSQL, each service
# in its own process — then prints the URL to open. Ctrl-C stops everything. Options: --gateway-port=N,
# --signaling-port=N, --auth-port=N, --signaling-nodes=N (several nodes sharing rooms through an embedded Redis),
# --state-dir=PATH, --verbose, --kms-url=ws://HOST:8888/kurento (once per Kurento Media Server: starts media-service
# too, so SFU rooms work; or CONCLAVE_KMS_URLS=url1,url2), --media-port=N.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests package
exec java -Dconclave.home="$PWD" -jar local-run/target/conclave-local-exec.jar "$@"
