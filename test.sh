#!/usr/bin/env bash
# Runs every test in the repository and ends with one line: "N passed, N failed"
# (the line before it says how many were skipped, and each skipped test says why).
# The container tests need a Docker engine; without one they are skipped and say why.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter Category!=Container]
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build SessionStore.slnx -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test SessionStore.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$log"

# dotnet test prints one summary per test assembly: "Passed!  - Failed: 0, Passed: 6, Skipped: 0, ..."
summaries=$(grep -E '^(Passed|Failed|Skipped)! +-' "$log")
passed=$(grep -oE 'Passed: +[0-9]+' <<<"$summaries" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' <<<"$summaries" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' <<<"$summaries" | awk '{s+=$2} END {print s+0}')
if [ -z "$summaries" ]; then
  echo "dotnet test printed no summary: the test run itself failed." >&2
  failed=$((failed + 1))
fi
echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
