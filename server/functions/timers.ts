import { AppError } from "../../shared/errors";
import { toChinaIso } from "../../shared/china-time";
import type { Runtime } from "../core/runtime";

/**
 * Returns the runtime a timer action runs with: the real clock, or in
 * local mode a manager-given `now` so demos and tests need not wait.
 */
export function timerRuntime(runtime: Runtime, now: string | undefined): Runtime {
  if (now === undefined) return runtime;
  if (!runtime.isLocal) {
    throw new AppError("FORBIDDEN", "`now` may be given only on the local server");
  }
  const instant = Date.parse(now);
  return { ...runtime, now: () => instant };
}

export function describeNow(runtime: Runtime): string {
  return toChinaIso(runtime.now());
}
