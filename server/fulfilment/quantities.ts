import type { OrderLine } from "../../shared/schemas/order";
import type { OrderRecord } from "../store/records";

/** Quantity of each line already shipped, in the line's unit. */
export function shippedByLine(order: OrderRecord): Map<number, number> {
  const shipped = new Map<number, number>();
  for (const shipment of order.shipments ?? []) {
    for (const line of shipment.lines) {
      shipped.set(line.lineNo, (shipped.get(line.lineNo) ?? 0) + line.quantity);
    }
  }
  return shipped;
}

/** Quantity of each line still to ship, in the line's unit. */
export function remainingByLine(order: OrderRecord): Map<number, number> {
  const shipped = shippedByLine(order);
  return new Map(
    order.lines.map((line: OrderLine) => [line.lineNo, line.quantity - (shipped.get(line.lineNo) ?? 0)]),
  );
}
