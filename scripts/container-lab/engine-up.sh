#!/usr/bin/env bash
# Installs Debian's Docker engine and docker-compose (no registry needed) and starts dockerd by hand
# (no systemd here), listening on $LAB/docker.sock. Does nothing that is already done. Run as root.
set -euo pipefail
. "$(dirname "$0")/env.sh"
mkdir -p "$LAB"
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null || ! command -v docker-compose >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
      docker.io docker-compose debootstrap >/dev/null
fi
if ! docker version >/dev/null 2>&1; then
  cat /proc/sys/net/ipv4/ip_forward > "$LAB/ip_forward.orig"
  # No iptables rules and no forwarding: containers reach nothing but published ports on this machine.
  nohup dockerd --data-root "$LAB/docker-root" --exec-root "$LAB/docker-exec" \
        --pidfile "$LAB/dockerd.pid" -H "$DOCKER_HOST" --storage-driver=overlay2 \
        --iptables=false --ip6tables=false --ip-forward=false >"$LAB/dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do docker version >/dev/null 2>&1 && break; sleep 0.25; done
  docker version >/dev/null 2>&1 || { echo "dockerd did not come up; the end of $LAB/dockerd.log:" >&2; tail -20 "$LAB/dockerd.log" >&2; exit 1; }
fi
docker version --format 'engine {{.Server.Version}} up on '"$DOCKER_HOST"' (pid '"$(cat "$LAB/dockerd.pid")"')'
