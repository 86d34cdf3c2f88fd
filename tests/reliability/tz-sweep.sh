#!/usr/bin/env bash
# Runs the Jest suites that need no browser once per time zone and fails
# if any run fails. Day boundaries are China time whatever zone the
# process runs in, so every zone must give the same result.
#
# Usage: tests/reliability/tz-sweep.sh [extra jest arguments]
# TZ_SWEEP_ZONES overrides the zones (default: "UTC Asia/Shanghai").
# The browser suites (tests/e2e, *.e2e.test.ts) and this folder are
# left out: the first need Chromium, and this folder runs the sweep.
set -uo pipefail
cd "$(dirname "$0")/../.."

zones=${TZ_SWEEP_ZONES:-"UTC Asia/Shanghai"}
failed=()
for zone in $zones; do
  echo "tz-sweep: TZ=$zone"
  if TZ="$zone" npx jest \
    --testPathIgnorePatterns='/tests/e2e/' \
    --testPathIgnorePatterns='\.e2e\.test\.ts$' \
    --testPathIgnorePatterns='/tests/reliability/' \
    "$@"; then
    echo "tz-sweep: TZ=$zone passed"
  else
    echo "tz-sweep: TZ=$zone failed"
    failed+=("$zone")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "tz-sweep: failed in ${failed[*]}"
  exit 1
fi
echo "tz-sweep: passed in $zones"
