#!/usr/bin/env bash
# Stops the dockerd that engine-up.sh started (by its PID) and undoes its changes to the host network.
. "$(dirname "$0")/env.sh"
if [ -f "$LAB/dockerd.pid" ]; then
  P=$(cat "$LAB/dockerd.pid"); kill -TERM "$P" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$P" 2>/dev/null || break; sleep 0.5; done
fi
umount "$LAB/docker-exec/netns/default" 2>/dev/null || true   # the nsfs mount dockerd leaves behind
ip link del docker0 2>/dev/null || true
[ -f "$LAB/ip_forward.orig" ] && cat "$LAB/ip_forward.orig" > /proc/sys/net/ipv4/ip_forward
grep -q "$LAB/docker" /proc/mounts && echo "WARNING: mounts left under $LAB/docker-*" || echo "engine stopped, no mounts left"
