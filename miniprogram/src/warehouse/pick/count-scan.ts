import type { OrderLine } from "../../../../shared/schemas/order";

/** Picked quantity per line number, in each line's unit. */
export type PickedCounts = Record<number, number>;

export type ScanOutcome =
  | { kind: "counted"; lineNo: number; quantity: number }
  | { kind: "full"; lineNo: number }
  | { kind: "other_unit"; scannedUnit: string; lineUnit: string }
  | { kind: "not_in_order" };

/**
 * Counts one scanned item against the lines left to ship: the first line
 * of that SKU and unit that is not yet full gets one more. A barcode on
 * another package unit (a 瓶 code on a 箱 line) is not converted, because
 * the picker must take the unit the customer ordered.
 */
export function countScan(
  lines: readonly OrderLine[],
  remaining: ReadonlyMap<number, number>,
  picked: PickedCounts,
  scanned: { skuId: string; unit: string },
): ScanOutcome {
  const sameSku = lines.filter((line) => line.skuId === scanned.skuId);
  if (sameSku.length === 0) return { kind: "not_in_order" };

  const sameUnit = sameSku.filter((line) => line.unit === scanned.unit);
  if (sameUnit.length === 0) {
    return { kind: "other_unit", scannedUnit: scanned.unit, lineUnit: sameSku[0].unit };
  }

  const open = sameUnit.find(
    (line) => (picked[line.lineNo] ?? 0) < (remaining.get(line.lineNo) ?? 0),
  );
  if (!open) return { kind: "full", lineNo: sameUnit[0].lineNo };
  return { kind: "counted", lineNo: open.lineNo, quantity: (picked[open.lineNo] ?? 0) + 1 };
}
