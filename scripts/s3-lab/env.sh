# Sourced by the other scripts: where the lab's S3-protocol server (s3rver, from npm) is installed.
S3_LAB=${S3_LAB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
S3_LAB_SERVER="$S3_LAB/node_modules/s3rver/bin/s3rver.js"
