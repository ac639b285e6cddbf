#!/usr/bin/env bash
# Measures the SessionStore image on the lab engine: its size, and its cold start, from `docker run`
# of a new container on an empty host folder until /health/ready answers 200, and until docker
# reports it healthy (its HEALTHCHECK probes every 5 s). Usage: measure.sh [runs, default 5]
set -euo pipefail
. "$(dirname "$0")/env.sh"
RUNS=${1:-5}; IMAGE=sessionstore-measure:latest; NAME=sessionstore-measure-$$
cd "$(dirname "$0")/../.."
trap 'docker rm -f "$NAME" >/dev/null 2>&1 || true' EXIT

docker build -q --network host -t "$IMAGE" . >/dev/null 2>&1
docker image ls "$IMAGE" --format 'image size: {{.Size}}'
docker image ls mcr.microsoft.com/dotnet/aspnet:10.0 --format 'of which the aspnet:10.0 base: {{.Size}}'

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# Polls a condition every 50 ms for at most two minutes.
await() { for _ in $(seq 2400); do eval "$1" && return 0; sleep 0.05; done; docker logs "$NAME" >&2; return 1; }
for i in $(seq "$RUNS"); do
  data=$(mktemp -d); chown 1654:1654 "$data"
  start=$(date +%s%N)
  docker run -d --name "$NAME" -p 127.0.0.1::8080 -v "$data:/data" "$IMAGE" >/dev/null
  address=$(docker port "$NAME" 8080/tcp | head -1)
  await 'curl -sf --max-time 1 "http://$address/health/ready" >/dev/null'; ready=$(ms_since "$start")
  await '[ "$(docker inspect -f "{{.State.Health.Status}}" "$NAME")" = healthy ]'; healthy=$(ms_since "$start")
  echo "run $i: /health/ready 200 after $ready ms; docker reports healthy after $healthy ms"
  docker rm -f "$NAME" >/dev/null; rm -rf "$data"
done
docker image rm "$IMAGE" >/dev/null
