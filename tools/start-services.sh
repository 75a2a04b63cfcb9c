#!/usr/bin/env bash
# Starts every service the tests need (tools/services/*.sh, in name order) and writes the
# environment they announce to .run/test-env.sh, which `make test` sources before pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .run
: > .run/test-env.sh
for s in tools/services/*.sh; do
  [ -e "$s" ] || continue
  echo "services: $(basename "$s")"
  bash "$s" >> .run/test-env.sh
done
