#!/usr/bin/env bash
# Runs every test in the repository and ends with one line: "N passed, N failed"
# (the line before it says how many were skipped, and each skipped test says why).
# First it gets what the tests need (scripts/test-dependencies.sh): as root it installs Chromium, Node.js and npm,
# PostgreSQL 15, a Docker engine and the S3 test server (s3rver, from npm) where they are missing, starts the lab's PostgreSQL
# cluster and Docker engine, makes the PostgreSQL, container and S3 tests required (they fail, not skip), and at the end
# stops what it started. As anyone
# else it only checks, and if anything is missing stops before building with one sentence naming the command to run first.
# The .NET suites run first (including the browser tests), then the TypeScript client tests in clients/typescript.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Category!=Container]
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if ! scripts/test-dependencies.sh begin-run; then
  # As root, what could not be installed or started counts as a failure; otherwise the sentence above says it all.
  [ "$(id -u)" -ne 0 ] || echo "0 passed, 1 failed"
  exit 1
fi
[ "$(id -u)" -ne 0 ] || export SESSIONSTORE_POSTGRES_TESTS=required SESSIONSTORE_CONTAINER_TESTS=required SESSIONSTORE_S3_TESTS=required
log=$(mktemp)
ts_log=$(mktemp)
# Stop what this run started (unless another ./test.sh still runs), also when interrupted.
trap 'rm -f "$log" "$ts_log"; scripts/test-dependencies.sh end-run $$ >/dev/null 2>&1' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! dotnet build SessionStore.slnx -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

# --blame: when a test host crashes, dotnet test names the test that was running.
dotnet test SessionStore.slnx -c Release --no-build -nologo --blame "$@" 2>&1 | tee "$log"

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 6, Skipped: 0, ..."
summaries=$(grep -E '^(Passed|Failed|Skipped)! +-' "$log")
passed=$(grep -oE 'Passed: +[0-9]+' <<<"$summaries" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' <<<"$summaries" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' <<<"$summaries" | awk '{s+=$2} END {print s+0}')
if [ -z "$summaries" ]; then
  echo "dotnet test printed no summary: the test run itself failed." >&2
  failed=$((failed + 1))
fi
# A test host that crashes (a test that kills the process or runs it out of memory) still prints "Passed!" for the
# tests that finished before it, and none for the rest: the crash counts as a failure.
if grep -q "The active test run was aborted" "$log"; then
  echo "A test host crashed, so the tests after the crash did not run; dotnet test named the test running when it did, above." >&2
  failed=$((failed + 1))
fi

# The TypeScript client's tests (node's test runner) start the service built above on their own port.
( cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error && npm test --silent ) 2>&1 | tee "$ts_log"
# node prints "# pass 12" (TAP, when piped) or "ℹ pass 12" (on a terminal), likewise fail and skipped.
node_count() { grep -oE "^(# |ℹ )$1 [0-9]+" "$ts_log" | awk '{s+=$3} END {print s+0}'; }
if ! grep -qE '^(# |ℹ )pass [0-9]+' "$ts_log"; then
  echo "The TypeScript client tests printed no summary: they did not run." >&2
  failed=$((failed + 1))
fi
passed=$((passed + $(node_count pass)))
failed=$((failed + $(node_count fail)))
skipped=$((skipped + $(node_count skipped)))

echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
