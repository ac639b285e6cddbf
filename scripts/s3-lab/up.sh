#!/usr/bin/env bash
# Installs the S3-protocol server the off-host backup tests and benchmarks start on loopback: s3rver 3.7.1 from npm
# (package.json and package-lock.json beside this script), into node_modules here. The tests start and stop it
# themselves (SessionStore.TestSupport/S3Server.cs), one server per fixture, on a free loopback port with its files in
# a temporary folder. Does nothing when it is installed. Needs Node.js and npm; any user may run it.
set -euo pipefail
. "$(dirname "$0")/env.sh"
if [ -f "$S3_LAB_SERVER" ]; then
  echo "s3rver is installed in $S3_LAB/node_modules"
  exit 0
fi
( cd "$S3_LAB" && npm ci --no-audit --no-fund --loglevel=error >/dev/null )
echo "s3rver $(node -p "require('$S3_LAB/node_modules/s3rver/package.json').version") installed in $S3_LAB/node_modules"
