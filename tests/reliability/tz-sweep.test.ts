/**
 * Runs tz-sweep.sh, which repeats the non-browser Jest suites under
 * TZ=UTC and TZ=Asia/Shanghai. It takes over a minute on 2 cores, so only
 * the full-size run (npm run test:reliability) includes it.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

import { SIZE } from "./support/size";

const SWEEP_TIMEOUT_MS = 15 * 60 * 1000;
const fullOnly = SIZE === "full" ? it : it.skip;

describe("time-zone sweep", () => {
  fullOnly(
    "passes the suites under UTC and Asia/Shanghai",
    () => {
      const result = spawnSync("bash", [resolve(__dirname, "tz-sweep.sh")], {
        encoding: "utf8",
        timeout: SWEEP_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      const summary = `${result.stdout}\n${result.stderr}`
        .split("\n")
        .filter((line) => /^tz-sweep:|Tests:|FAIL |●/.test(line))
        .join("\n");

      expect(result.error).toBeUndefined();
      expect([result.status, summary]).toEqual([0, expect.stringContaining("tz-sweep: passed")]);
    },
    SWEEP_TIMEOUT_MS + 60_000,
  );
});
