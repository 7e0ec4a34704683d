#!/usr/bin/env bash
# Writes .env beside docker-compose.yml with fresh random secrets, once: docker compose reads it for every
# ${…} in the compose file. Keep it out of git (.gitignore has it) and back it up: auth-service's signing keys are
# encrypted with AUTH_KEY_ENCRYPTION_SECRET, and PostgreSQL keeps the password it was first started with.
#   usage: deploy/new-env.sh [--force] [FILE]     (default FILE: .env at the repo root)
set -euo pipefail

force=false
if [ "${1:-}" = --force ]; then force=true; shift; fi
file=${1:-"$(cd "$(dirname "$0")/.." && pwd)/.env"}
if [ -e "$file" ] && [ "$force" != true ]; then
  echo "$file exists; keeping it (--force makes new secrets, which breaks an existing database and its keys)" >&2
  exit 1
fi

# 32 random characters from [A-Za-z0-9]: safe in URLs (the Redis URI), YAML and shell alike.
secret() {
  local out=""
  while [ ${#out} -lt 32 ]; do
    out+=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${out:0:32}"
}

umask 077
cat >"$file" <<ENV
# Made by deploy/new-env.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Secrets: never commit this file.
POSTGRES_PASSWORD=$(secret)
REDIS_PASSWORD=$(secret)
AUTH_KEY_ENCRYPTION_SECRET=$(secret)
AUTH_ADMIN_PASSWORD=$(secret)
SIGNALING_CLIENT_SECRET=$(secret)
# The room-management API client "backend" (README "API"): your application's backend uses this secret.
BACKEND_CLIENT_SECRET=$(secret)
FORWARDING_SECRET=$(secret)
TURN_SECRET=$(secret)

# Where the platform is reached. Defaults serve this machine only (http://localhost:8080).
CONCLAVE_BIND_ADDRESS=127.0.0.1
CONCLAVE_HTTP_PORT=8080
CONCLAVE_PUBLIC_URL=http://localhost:8080
# The IP address browsers reach this host at: TURN's relay address and Kurento's ICE candidates.
CONCLAVE_PUBLIC_IP=127.0.0.1
# JSON log lines: ecs, logstash or gelf; empty for plain text.
CONCLAVE_LOG_FORMAT=
ENV
echo "wrote $file"
