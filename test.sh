#!/usr/bin/env bash
# Runs every test in the repository and ends with one line: "N passed, N failed".
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
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
summaries=$(grep -cE '^(Passed|Failed)! +-' "$log")
if [ "$summaries" -eq 0 ]; then
  echo "dotnet test printed no summary: the test run itself failed." >&2
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
