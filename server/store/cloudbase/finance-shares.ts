/**
 * Audit events of statement share links and the per-customer revocation
 * instant, which is a field of the customer's document.
 */

import { AppError } from "../../../shared/errors";
import type { StatementShareRevocation } from "../../finance/port";
import type { AuditEventRecord } from "../records";
import type { StoreContext } from "./context";
import { toDocument } from "./documents";
import { expectOneUpdated, readInTransaction, runInTransaction } from "./transaction";

/** Name of the customer document's field that FinanceStore.revokeStatementShares sets. */
export const REVOKED_BEFORE_FIELD = "statementSharesRevokedBefore";

export async function addEvent(context: StoreContext, event: AuditEventRecord): Promise<void> {
  await context.collection("audit_events").add(toDocument(event.eventId, event));
}

/**
 * Moves the customer's revocation instant forward and writes the audit
 * event in one transaction. The customer document is written only when
 * the instant changes, and a concurrent writer of it makes the
 * transaction conflict and re-run.
 */
export function revokeStatementShares(
  context: StoreContext,
  revocation: StatementShareRevocation,
): Promise<number> {
  return runInTransaction(context, async (transaction) => {
    const { customerId } = revocation;
    const customer = await readInTransaction(context, transaction, "customers", customerId);
    if (customer === null) throw new AppError("NOT_FOUND", `customer ${customerId} not found`);

    const current = customer[REVOKED_BEFORE_FIELD];
    const stored = typeof current === "number" ? Math.max(current, revocation.revokedBefore) : revocation.revokedBefore;
    if (stored !== current) {
      const result = await context
        .inTransaction(transaction, "customers")
        .doc(customerId)
        .update({ [REVOKED_BEFORE_FIELD]: stored });
      expectOneUpdated(result, `customer ${customerId}`);
    }

    await context
      .inTransaction(transaction, "audit_events")
      .add(toDocument(revocation.event.eventId, revocation.event));
    return stored;
  });
}
