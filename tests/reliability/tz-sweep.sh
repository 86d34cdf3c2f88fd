#!/usr/bin/env bash
# Runs the Jest suites that need no browser once per time zone and fails
# if any run fails. Day boundaries are China time whatever zone the
# process runs in, so every zone must give the same result. At the end it
# lists the tests that failed in some zones but not in others: those are
# the ones that depend on the time zone.
#
# Usage: tests/reliability/tz-sweep.sh [extra jest arguments]
# TZ_SWEEP_ZONES overrides the zones (default: "UTC Asia/Shanghai").
# The browser suites (tests/e2e, *.e2e.test.ts) and this folder are
# left out: the first need Chromium, and this folder runs the sweep.
set -uo pipefail
cd "$(dirname "$0")/../.."

zones=${TZ_SWEEP_ZONES:-"UTC Asia/Shanghai"}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

failed=()
for zone in $zones; do
  echo "tz-sweep: TZ=$zone"
  if TZ="$zone" npx jest \
    --testPathIgnorePatterns='/tests/e2e/' \
    --testPathIgnorePatterns='\.e2e\.test\.ts$' \
    --testPathIgnorePatterns='/tests/reliability/' \
    --json --outputFile="$results/${zone//\//_}.json" \
    "$@"; then
    echo "tz-sweep: TZ=$zone passed"
  else
    echo "tz-sweep: TZ=$zone failed"
    failed+=("$zone")
  fi
done

# Compare the failing tests of each zone.
node - "$results" $zones <<'SCRIPT'
const fs = require("node:fs");
const path = require("node:path");
const [dir, ...zones] = process.argv.slice(2);
const failing = new Map();
for (const zone of zones) {
  const file = path.join(dir, `${zone.replace(/\//g, "_")}.json`);
  const names = new Set();
  if (fs.existsSync(file)) {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const suite of report.testResults) {
      const suiteName = path.relative(process.cwd(), suite.name);
      const failedTests = suite.assertionResults.filter((test) => test.status === "failed");
      for (const test of failedTests) names.add(`${suiteName} › ${test.fullName}`);
      if (suite.status === "failed" && failedTests.length === 0) names.add(`${suiteName} (suite failed to run)`);
    }
  } else {
    names.add("(no Jest report)");
  }
  failing.set(zone, names);
  console.log(`tz-sweep: TZ=${zone}: ${names.size} failing: ${[...names].join("; ") || "none"}`);
}
const all = new Set([...failing.values()].flatMap((names) => [...names]));
const differing = [...all].filter((name) => zones.some((zone) => !failing.get(zone).has(name)));
console.log(
  differing.length === 0
    ? "tz-sweep: the zones fail the same tests"
    : `tz-sweep: fail in some zones only: ${differing.map((name) => `${name} [${zones.filter((zone) => failing.get(zone).has(name)).join(", ")}]`).join("; ")}`,
);
SCRIPT

if [ ${#failed[@]} -gt 0 ]; then
  echo "tz-sweep: failed in ${failed[*]}"
  exit 1
fi
echo "tz-sweep: passed in $zones"
