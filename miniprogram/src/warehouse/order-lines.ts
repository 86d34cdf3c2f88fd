import type { OrderLine, OrderView } from "../../../shared/schemas/order";

/** Quantity of each line still to ship, in the line's unit. */
export function remainingByLine(order: OrderView): Map<number, number> {
  const shipped = new Map<number, number>();
  for (const shipment of order.shipments ?? []) {
    for (const line of shipment.lines) {
      shipped.set(line.lineNo, (shipped.get(line.lineNo) ?? 0) + line.quantity);
    }
  }
  return new Map(
    order.lines.map((line) => [
      line.lineNo,
      line.quantity - (shipped.get(line.lineNo) ?? 0),
    ]),
  );
}

/** Lines that still have something to ship, in order-line order. */
export function linesToShip(order: OrderView): OrderLine[] {
  const remaining = remainingByLine(order);
  return order.lines.filter((line) => (remaining.get(line.lineNo) ?? 0) > 0);
}

/** Picked quantity per line from the order's latest pick; 0 when not picked. */
export function pickedByLine(order: OrderView): Map<number, number> {
  return new Map(
    (order.pick?.lines ?? []).map((line) => [line.lineNo, line.quantity]),
  );
}

/**
 * Whether the latest pick is short of what is left to ship, which the
 * server ships only as a partial shipment.
 */
export function isPickShort(order: OrderView): boolean {
  const remaining = remainingByLine(order);
  const picked = pickedByLine(order);
  return [...remaining].some(
    ([lineNo, left]) => left > 0 && (picked.get(lineNo) ?? 0) < left,
  );
}

/** Shipments the customer has not signed for yet. */
export function unreceivedShipments(order: OrderView) {
  return (order.shipments ?? []).filter((shipment) => !shipment.receipt);
}
