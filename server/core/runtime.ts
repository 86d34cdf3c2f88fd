import type { Logger } from "pino";

import type { FinanceStore } from "../finance/port";
import type { MessageSender } from "../notification/senders";
import type { ReportStore } from "../reporting/port";
import type { Store } from "../store/port";

/** What every service call gets: the store, the clock and the logger. */
export interface Runtime {
  store: Store;
  /** Current instant in epoch ms; tests pass a fixed clock. */
  now: () => number;
  logger: Logger;
  /** True on the local server, where demo-only options (such as a given `now`) are allowed. */
  isLocal?: boolean;
  /** How outbox messages leave; the local inbox when absent. */
  sender?: MessageSender;
  /** Dashboard and report queries; the reports function fails with INTERNAL without them. */
  reports?: ReportStore;
  /** Payments, receivables, returns; absent where no adapter provides them yet. */
  finance?: FinanceStore;
}
