#!/usr/bin/env bash
# Builds, from Debian's packages, local stand-ins for the public images that no registry serves on CI machines:
#   localhost/conclave-standin/jre:17        base of the service images, also saved as $CONCLAVE_STANDINS/jre-17.tar
#                                            (Jib reads a podman base only as a tarball: CONCLAVE_IMAGE_BASE=tar://…)
#   localhost/conclave-standin/postgres:15   behaves like the official postgres image (POSTGRES_USER/_PASSWORD/_DB)
#   localhost/conclave-standin/redis:7       redis-server
#   localhost/conclave-standin/coturn:4.6    turnserver as entrypoint, like coturn/coturn
# Users keep the public images of docker-compose.yml; only deploy-tests/compose/ci.override.yml names these.
# Idempotent: an image that exists is kept. Needs root, debootstrap and podman.
#   usage: deploy-tests/podman/build-stand-ins.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF="$here/containers.conf"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
standins=${CONCLAVE_STANDINS:-/var/tmp/conclave-standins}
mkdir -p "$standins"
work=$(mktemp -d /tmp/conclave-standins.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A minimal Debian bookworm root file system with the given packages, trimmed of docs and apt's lists.
rootfs() {
  local dir=$1 packages=$2
  debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log"; return 1; }
  chroot "$dir" apt-get clean
  rm -rf "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/* "$dir"/var/lib/apt/lists/* \
    "$dir"/var/cache/apt/*.bin "$dir"/var/log/*
}

missing() {
  ! podman image exists "$1"
}

import() {
  local dir=$1 name=$2; shift 2
  tar -C "$dir" -c . | podman import -q "$@" - "$name" >/dev/null
  echo "built $name"
}

if missing localhost/conclave-standin/jre:17; then
  rootfs "$work/jre" openjdk-17-jre-headless,ca-certificates
  import "$work/jre" localhost/conclave-standin/jre:17 \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
fi

if [ ! -s "$standins/jre-17.tar" ]; then
  podman save -q --format docker-archive -o "$standins/jre-17.tar.part" localhost/conclave-standin/jre:17
  mv "$standins/jre-17.tar.part" "$standins/jre-17.tar"
fi

if missing localhost/conclave-standin/postgres:15 || missing localhost/conclave-standin/redis:7 \
    || missing localhost/conclave-standin/coturn:4.6; then
  infra="$work/infra"
  rootfs "$infra" postgresql-15,redis-server,coturn
  install -m 0755 "$here/postgres-entrypoint.sh" "$infra/usr/local/bin/docker-entrypoint.sh"
  path='PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  missing localhost/conclave-standin/postgres:15 && import "$infra" localhost/conclave-standin/postgres:15 \
    --change "ENV $path" --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD ["postgres"]' \
    --change 'EXPOSE 5432' --change 'VOLUME /var/lib/postgresql/data'
  missing localhost/conclave-standin/redis:7 && import "$infra" localhost/conclave-standin/redis:7 \
    --change 'CMD ["redis-server", "--protected-mode", "no"]' --change 'EXPOSE 6379' --change 'WORKDIR /tmp'
  missing localhost/conclave-standin/coturn:4.6 && import "$infra" localhost/conclave-standin/coturn:4.6 \
    --change 'ENTRYPOINT ["turnserver"]' --change 'EXPOSE 3478'
fi
exit 0
