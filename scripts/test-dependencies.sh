#!/usr/bin/env bash
# What ./test.sh needs besides the .NET SDK, and how it gets it:
#   Chromium at /usr/bin/chromium          the browser tests (Debian's package; Playwright's download does not work here)
#   Node.js 20 or later with npm           the TypeScript client's tests
#   a PostgreSQL server                    the one SESSIONSTORE_TEST_POSTGRES names, else scripts/postgres-lab's cluster
#   a Docker engine and the base images    the one DOCKER_HOST names, else scripts/container-lab's engine and stand-ins
#   s3rver, an S3-protocol server          npm's, in scripts/s3-lab (the off-host backup tests start it on loopback)
# Usage:
#   test-dependencies.sh [up]         as root: installs what is missing with apt and starts the lab cluster and engine, which
#                                     stay up; as anyone else: checks Chromium, Node.js and PostgreSQL, and names the one
#                                     command to run if anything is missing
#   test-dependencies.sh down         as root: stops the lab cluster and engine (their files stay for next time)
#   test-dependencies.sh begin-run    what ./test.sh runs first: "up", but what it starts is marked, for end-run to stop
#   test-dependencies.sh end-run P    what ./test.sh (process P) runs last: stops what test runs started, unless another
#                                     ./test.sh on this machine (any checkout, any user) still runs and may use it
set -euo pipefail
cd "$(dirname "$0")/.."

# A server or engine the caller names is used as it is; the lab's are the default (their env.sh files name them).
user_docker_host=${DOCKER_HOST:-}
user_postgres=${SESSIONSTORE_TEST_POSTGRES:-}
. scripts/container-lab/env.sh
lab_docker_host=$DOCKER_HOST
. scripts/postgres-lab/env.sh
. scripts/s3-lab/env.sh
started_for_tests=started-by-test-run

engine_answers() { command -v docker >/dev/null && DOCKER_HOST=${user_docker_host:-$lab_docker_host} docker version >/dev/null 2>&1; }
lab_postgres_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PG_LAB_PORT") 2>/dev/null; }
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Fails with a sentence when Node.js is older than the TypeScript client's tests take (package.json's engines).
check_node_version() {
  [ "$(node_major)" -ge 20 ] && return
  echo "The TypeScript client's tests need Node.js 20 or later and this is $(node --version) (Debian 12's package is 18): install a newer one, e.g. from NodeSource, then run ./test.sh again." >&2
  exit 1
}

# Lists what a run as another user than root needs and lacks, as a phrase; nothing when everything is there. The Docker
# engine is not among them: the container tests chown a host folder to the image's user, which only root may, so for
# anyone else they run on an engine they can reach (and fail at that chown) or skip and say why.
missing() {
  local items=()
  [ -x /usr/bin/chromium ] || items+=("Chromium")
  command -v node >/dev/null && command -v npm >/dev/null || items+=("Node.js with npm")
  [ -n "$user_postgres" ] || lab_postgres_answers || items+=("a PostgreSQL server")
  [ -f "$S3_LAB_SERVER" ] || items+=("the S3 test server s3rver")
  local i text=""
  for ((i = 0; i < ${#items[@]}; i++)); do
    if ((i == 0)); then text=${items[i]}; elif ((i == ${#items[@]} - 1)); then text+=" and ${items[i]}"; else text+=", ${items[i]}"; fi
  done
  echo "$text"
}

check() {
  local what
  what=$(missing)
  if [ -n "$what" ]; then
    echo "./test.sh needs $what, which it sets up only when it runs as root: run 'sudo ./scripts/test-dependencies.sh' first, then ./test.sh again." >&2
    exit 1
  fi
  check_node_version
}

# Installs the Debian packages named, as root with apt.
install_packages() {
  command -v apt-get >/dev/null || { echo "The tests need the Debian packages $*, and this machine has no apt-get: install them, then run ./test.sh again." >&2; exit 1; }
  echo "Installing $* for the tests."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# Installs and starts everything; with a mark, leaves it in the lab folders of what it started.
up() {
  local mark=${1:-} packages=()
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  [ ${#packages[@]} -eq 0 ] || install_packages "${packages[@]}"
  check_node_version
  scripts/s3-lab/up.sh

  if [ -z "$user_postgres" ]; then
    local postgres_was_up=no
    lab_postgres_answers && postgres_was_up=yes
    scripts/postgres-lab/up.sh
    [ -z "$mark" ] || [ "$postgres_was_up" = yes ] || : >"$PG_LAB/$started_for_tests"
  fi

  if [ -n "$user_docker_host" ]; then
    engine_answers || { echo "DOCKER_HOST is $user_docker_host, and no Docker engine answers there: start it, or unset DOCKER_HOST to use the lab's." >&2; exit 1; }
  else
    local engine_was_up=no
    engine_answers && engine_was_up=yes
    scripts/container-lab/engine-up.sh
    [ -z "$mark" ] || [ "$engine_was_up" = yes ] || : >"$LAB/$started_for_tests"
    scripts/container-lab/base-images.sh
  fi
}

# Stops the lab cluster and engine: all of them, or with "marked" those a test run started.
down() {
  if [ "${1:-}" != marked ] || [ -f "$PG_LAB/$started_for_tests" ]; then
    scripts/postgres-lab/down.sh
    rm -f "$PG_LAB/$started_for_tests"
  fi
  if [ "${1:-}" != marked ] || [ -f "$LAB/$started_for_tests" ]; then
    scripts/container-lab/engine-down.sh
    rm -f "$LAB/$started_for_tests"
  fi
}

# Whether a test.sh other than process $1 runs on this machine.
other_runs() {
  local cmdline
  for cmdline in /proc/[0-9]*/cmdline; do
    [ "$cmdline" != "/proc/$1/cmdline" ] || continue
    tr '\0' '\n' 2>/dev/null <"$cmdline" | grep -qE '^(.*/)?test\.sh$' && return 0
  done
  return 1
}

as_root() { [ "$(id -u)" -eq 0 ]; }

command=${1:-up}
case "$command" in
  up)
    if as_root; then
      up
      echo "Everything the tests need is installed and running; 'sudo ./scripts/test-dependencies.sh down' stops the PostgreSQL cluster and the Docker engine."
    else
      check
      echo "Everything the tests need is there."
    fi ;;
  down)
    as_root || { echo "Run it as root: sudo ./scripts/test-dependencies.sh down" >&2; exit 1; }
    down ;;
  begin-run)
    if as_root; then up marked; else check; fi ;;
  end-run)
    if as_root && ! other_runs "${2:?the ./test.sh process id}"; then down marked; fi ;;
  *)
    echo "Usage: $0 [up|down|begin-run|end-run PID]" >&2
    exit 2 ;;
esac
