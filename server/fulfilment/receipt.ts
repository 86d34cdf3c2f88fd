import { AppError } from "../../shared/errors";
import { sumFen } from "../../shared/money";
import type { OrderView } from "../../shared/schemas/order";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { deliveredFields, orderAudience, outboxFor } from "../notification/notices";
import { changeOrder } from "../ordering/change";
import { loadVisibleOrder } from "../ordering/queries";
import { toOrderView } from "../ordering/views";
import { applyCustomerCredit } from "../finance/rematch";
import { dueAtFor } from "../finance/terms";
import type { OrderRecord, ReceivableRecord, ShipmentRecord } from "../store/records";

function shipmentAmountFen(order: OrderRecord, shipment: ShipmentRecord): number {
  return sumFen(
    shipment.lines.map((line) => {
      const orderLine = order.lines.find((candidate) => candidate.lineNo === line.lineNo);
      return (orderLine?.priceFen ?? 0) * line.quantity;
    }),
  );
}

/**
 * Confirms receipt (签收) of every shipment not yet received. A fully
 * shipped order becomes delivered; a partial delivery records the receipt
 * and keeps waiting for its backorder. Each received shipment becomes a
 * receivable due by the customer's payment terms.
 * Staff confirming for the customer must name who signed.
 */
export async function confirmReceipt(
  runtime: Runtime,
  caller: Caller,
  input: { orderId: string; signerName?: string },
): Promise<OrderView> {
  const isCustomerSide = caller.role === "customer";
  if (!isCustomerSide && !input.signerName) {
    throw new AppError("INVALID_INPUT", "signerName is required when staff confirm receipt", [
      { path: ["signerName"], code: "required", message: "who signed for the goods" },
    ]);
  }
  const signerName = input.signerName ?? caller.name;
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  const customer = await runtime.store.getCustomer(order.customerId);
  const audience = await orderAudience(runtime, order);

  const updated = await changeOrder(runtime, order, (current) => {
    const pending = (current.shipments ?? []).filter((shipment) => !shipment.receipt);
    if (current.status === "delivered" || (current.status === "partially_shipped" && pending.length === 0)) {
      return { kind: "unchanged", order: current };
    }
    if (current.status !== "shipped" && current.status !== "partially_shipped") {
      throw new AppError("ORDER_STATE_CONFLICT", `order ${current.orderNo} is ${current.status}, not shipped`, {
        status: current.status,
      });
    }

    const now = runtime.now();
    const receipt = { receivedBy: caller.userId, signerName, at: now };
    const next: OrderRecord = {
      ...current,
      status: current.status === "shipped" ? "delivered" : current.status,
      updatedAt: now,
      shipments: (current.shipments ?? []).map((shipment) =>
        shipment.receipt ? shipment : { ...shipment, receipt },
      ),
    };
    // Every received shipment becomes a receivable; cash customers owe it at once.
    const receivables: ReceivableRecord[] = customer
      ? pending.map((shipment) => ({
          receivableId: `rcv-${shipment.shipmentId}`,
          customerId: current.customerId,
          orderId: current.orderId,
          amountFen: shipmentAmountFen(current, shipment),
          paidFen: 0,
          dueAt: dueAtFor(customer.paymentTerms, now),
          createdAt: now,
        }))
      : [];

    return {
      kind: "change",
      change: {
        next,
        receivables,
        events: [
          {
            eventId: newId("evt"),
            entityType: "order",
            entityId: current.orderId,
            action: next.status === "delivered" ? "order.delivered" : "order.received",
            actorId: caller.userId,
            actorRole: caller.role,
            at: now,
            data: { signerName, shipments: pending.map((shipment) => shipment.shipmentId) },
          },
        ],
        outbox:
          next.status === "delivered"
            ? outboxFor(audience, "orderDelivered", deliveredFields(next, signerName, now), next, now)
            : [],
      },
    };
  });
  // Credit from earlier overpayments or returns pays the new receivables first.
  if (runtime.finance) await applyCustomerCredit(runtime, order.customerId, caller.userId);
  return toOrderView(updated, undefined, caller.role);
}
