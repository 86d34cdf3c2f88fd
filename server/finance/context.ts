import { AppError } from "../../shared/errors";
import type { Runtime } from "../core/runtime";
import type { FinanceStore } from "./port";

/** Returns the finance store, or INTERNAL where the deployment lacks one. */
export function financeOf(runtime: Runtime): FinanceStore {
  if (!runtime.finance) throw new AppError("INTERNAL", "finance is not available in this deployment");
  return runtime.finance;
}

const MAX_ATTEMPTS = 4;

/**
 * Runs a read-decide-write step again when the store reports that what it
 * decided on changed meanwhile (ORDER_STATE_CONFLICT from a guard).
 */
export async function withRetry<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const isRace = error instanceof AppError && error.code === "ORDER_STATE_CONFLICT";
      if (!isRace || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
