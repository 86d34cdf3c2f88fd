import { runAlerts } from "../alerts/run";
import type { Runtime } from "../core/runtime";
import { dispatchDue } from "../notification/dispatcher";
import { inboxOnlySender } from "../notification/senders";

/**
 * Wait between a function call and the outbox run it requests. Calls in
 * that second share one run, so a busy server dispatches at most about
 * once a second on top of the interval.
 */
export const DISPATCH_SOON_MS = 1000;

export interface LocalTimers {
  /** Asks for an outbox run soon, so notices reach the inbox without waiting for the interval. */
  dispatchSoon(): void;
  stop(): Promise<void>;
}

/**
 * Runs the timers CloudBase would trigger (outbox dispatcher, stuck-order
 * alerts) in-process, one run at a time. An interval of 0 starts none and
 * makes dispatchSoon do nothing.
 */
export function startTimers(runtime: Runtime, intervalMs: number): LocalTimers {
  if (intervalMs <= 0) return { dispatchSoon: () => {}, stop: async () => {} };
  let running: Promise<void> | null = null;
  let isRunAgain = false;
  let soon: NodeJS.Timeout | null = null;

  const run = (withAlerts: boolean) => {
    if (running) {
      // A message written during this run would otherwise wait for the
      // next interval.
      isRunAgain = true;
      return;
    }
    running = (async () => {
      try {
        await dispatchDue(runtime, runtime.sender ?? inboxOnlySender);
        if (withAlerts) await runAlerts(runtime);
      } catch (error) {
        runtime.logger.error({ err: error }, "timer run failed");
      } finally {
        running = null;
        if (isRunAgain) {
          isRunAgain = false;
          setImmediate(() => run(false));
        }
      }
    })();
  };
  const handle = setInterval(() => run(true), intervalMs);
  handle.unref();
  setImmediate(() => run(true));

  return {
    dispatchSoon() {
      if (soon) return;
      soon = setTimeout(() => {
        soon = null;
        run(false);
      }, DISPATCH_SOON_MS);
      soon.unref();
    },
    async stop() {
      clearInterval(handle);
      if (soon) clearTimeout(soon);
      if (running) await running;
    },
  };
}
