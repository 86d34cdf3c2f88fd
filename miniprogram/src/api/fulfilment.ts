import type { CarrierCode } from "../../../shared/carriers";
import type { OrderView } from "../../../shared/schemas/order";
import { callFunction } from "./call-function";

export interface PickedLine {
  lineNo: number;
  /** Picked quantity in the order line's unit; 0 for a line not picked. */
  quantity: number;
}

/** Records what the warehouse picked for an order. */
export function confirmPicked(
  orderId: string,
  lines: PickedLine[],
): Promise<OrderView> {
  return callFunction<OrderView>("fulfilment", {
    action: "confirmPicked",
    orderId,
    lines,
  });
}

export interface ShipInput {
  orderId: string;
  /** One key per ship attempt; a retry with it never ships twice. */
  requestId: string;
  carrier: CarrierCode;
  trackingNo: string;
  isPartial?: boolean;
}

/** Ships what was picked; the rest of a partial shipment stays as backorder. */
export function shipOrder(input: ShipInput): Promise<OrderView> {
  return callFunction<OrderView>("fulfilment", { action: "ship", ...input });
}

/**
 * Confirms receipt (签收) of every shipment not yet received. Staff must
 * name who signed; a customer signs as themself.
 */
export function confirmReceipt(
  orderId: string,
  signerName?: string,
): Promise<OrderView> {
  return callFunction<OrderView>("fulfilment", {
    action: "confirmReceipt",
    orderId,
    ...(signerName ? { signerName } : {}),
  });
}
