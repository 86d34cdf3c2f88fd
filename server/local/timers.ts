import { runAlerts } from "../alerts/run";
import type { Runtime } from "../core/runtime";
import { dispatchDue } from "../notification/dispatcher";
import { inboxOnlySender } from "../notification/senders";

/**
 * Runs the timers CloudBase would trigger (outbox dispatcher, stuck-order
 * alerts) in-process, one run at a time. An interval of 0 starts none.
 */
export function startTimers(runtime: Runtime, intervalMs: number): { stop(): Promise<void> } {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<void> | null = null;

  const tick = () => {
    if (running) return;
    running = (async () => {
      try {
        await dispatchDue(runtime, runtime.sender ?? inboxOnlySender);
        await runAlerts(runtime);
      } catch (error) {
        runtime.logger.error({ err: error }, "timer run failed");
      } finally {
        running = null;
      }
    })();
  };
  const handle = setInterval(tick, intervalMs);
  handle.unref();
  setImmediate(tick);

  return {
    async stop() {
      clearInterval(handle);
      if (running) await running;
    },
  };
}
