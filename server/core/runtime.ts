import type { Logger } from "pino";

import type { FinanceStore } from "../finance/port";
import type { MessageSender } from "../notification/senders";
import type { ReportStore } from "../reporting/port";
import type { Store } from "../store/port";

/** Dependencies of every service call: the store, the clock and the logger. */
export interface Runtime {
  store: Store;
  /** Current instant in epoch ms; tests pass a fixed clock. */
  now: () => number;
  logger: Logger;
  /** True on the local server, where demo-only options (such as a given `now`) are allowed. */
  isLocal?: boolean;
  /** Sender of outbox messages; the local inbox when absent. */
  sender?: MessageSender;
  /** Dashboard and report queries; the reports function fails with INTERNAL without them. */
  reports?: ReportStore;
  /** Payments, receivables, returns; absent where no adapter provides them yet. */
  finance?: FinanceStore;
  /**
   * Key of the HMAC-SHA256 signatures on statement share links: SHARE_SECRET
   * in CloudBase, a random key kept in DATA_DIR on the local server. Without
   * it, creating and opening share links fail with INTERNAL.
   */
  shareSecret?: Buffer;
}
