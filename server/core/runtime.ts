import type { Logger } from "pino";

import type { Store } from "../store/port";

/** What every service call gets: the store, the clock and the logger. */
export interface Runtime {
  store: Store;
  /** Current instant in epoch ms; tests pass a fixed clock. */
  now: () => number;
  logger: Logger;
}
