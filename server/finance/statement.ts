import { addChinaDays, chinaDate, startOfChinaDate, toChinaIso } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import type { StatementLine, StatementView } from "../../shared/schemas/finance";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import type { CustomerRecord } from "../store/records";
import { financeOf } from "./context";

function monthBounds(month: string): { from: number; before: number; lastDay: string } {
  const from = startOfChinaDate(`${month}-01`).getTime();
  const nextMonth = chinaDate(from + 32 * 24 * 60 * 60 * 1000).slice(0, 7);
  const before = startOfChinaDate(`${nextMonth}-01`).getTime();
  return { from, before, lastDay: addChinaDays(`${nextMonth}-01`, -1) };
}

interface Entry {
  at: number;
  kind: StatementLine["kind"];
  reference: string;
  debitFen: number;
  creditFen: number;
}

/**
 * Builds a customer's statement for one China-time month: the balance brought
 * forward, every delivery, payment and credit note of the month in time
 * order with a running balance, and the balance carried forward. A
 * positive balance is owed by the customer. Every row of the month is
 * read, however many there are.
 */
export async function buildStatement(
  runtime: Runtime,
  caller: Caller,
  input: { customerId?: string; month: string },
): Promise<StatementView> {
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  return statementOf(runtime, customer, input.month);
}

/**
 * Builds the statement of a customer already resolved, with no access
 * check: buildStatement checks the caller, and a share link is checked
 * by its signature.
 */
export async function statementOf(
  runtime: Runtime,
  customer: CustomerRecord,
  month: string,
): Promise<StatementView> {
  const finance = financeOf(runtime);
  const { from, before, lastDay } = monthBounds(month);

  const opening = await finance.balanceBefore(customer.customerId, from);
  const entries: Entry[] = [];
  const orderNos = new Map<string, string>();
  for (const receivable of await finance.listReceivablesCreated(customer.customerId, from, before)) {
    let reference = receivable.receivableId;
    if (receivable.orderId) {
      if (!orderNos.has(receivable.orderId)) {
        orderNos.set(receivable.orderId, (await runtime.store.getOrder(receivable.orderId))?.orderNo ?? receivable.orderId);
      }
      reference = orderNos.get(receivable.orderId) ?? reference;
    }
    entries.push({ at: receivable.createdAt ?? receivable.dueAt, kind: "delivery", reference, debitFen: receivable.amountFen, creditFen: 0 });
  }
  for (const payment of await finance.listPayments({ customerId: customer.customerId, from, before })) {
    entries.push({ at: payment.receivedAt, kind: "payment", reference: payment.externalRef, debitFen: 0, creditFen: payment.amountFen });
  }
  for (const note of await finance.listCreditNotes(customer.customerId, from, before)) {
    entries.push({ at: note.createdAt, kind: "credit_note", reference: note.creditNoteId, debitFen: 0, creditFen: note.amountFen });
  }
  entries.sort((a, b) => a.at - b.at || (a.reference < b.reference ? -1 : 1));

  const openingFen = opening.debitsFen - opening.creditsFen;
  let balance = openingFen;
  const lines: StatementLine[] = entries.map((entry) => {
    balance += entry.debitFen - entry.creditFen;
    return {
      at: toChinaIso(entry.at),
      kind: entry.kind,
      reference: entry.reference,
      debitFen: entry.debitFen,
      creditFen: entry.creditFen,
      balanceFen: balance,
    };
  });
  const debitsFen = entries.reduce((sum, entry) => sum + entry.debitFen, 0);
  const creditsFen = entries.reduce((sum, entry) => sum + entry.creditFen, 0);
  if (openingFen + debitsFen - creditsFen !== balance) {
    throw new AppError("INTERNAL", "statement does not add up");
  }

  const terms = customer.paymentTerms;
  return {
    customerId: customer.customerId,
    customerName: customer.name,
    month,
    openingFen,
    debitsFen,
    creditsFen,
    closingFen: balance,
    dueDate: terms.kind === "monthly" ? addChinaDays(lastDay, terms.dueDays) : null,
    lines,
  };
}
