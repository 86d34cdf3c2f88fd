import { AppError } from "../../shared/errors";
import type { RejectedRow, OrderSheetInput } from "../../shared/schemas/imports";
import type { OrderLineInput, OrderView } from "../../shared/schemas/order";
import { isAllowedQuantity } from "../../shared/units";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import { placeOrder } from "../ordering/place";
import type { SkuRecord } from "../store/records";
import { readSheet, type SheetRow } from "./sheet-reader";

/** Column headers of an order sheet; 单位 may be empty for a barcode. */
export const ORDER_SHEET_COLUMNS = ["编码", "单位", "数量"] as const;

export interface OrderSheetReport {
  /** The placed order, or null when no row could be ordered. */
  order: OrderView | null;
  /** Rows that became order lines. */
  accepted: number;
  rejects: RejectedRow[];
}

type RowResult = { line: OrderLineInput } | { reason: string };

/** Finds a SKU by its code, else by a barcode, with the barcode's unit. */
async function findSku(
  runtime: Runtime,
  code: string,
): Promise<{ sku: SkuRecord; barcodeUnit?: string } | null> {
  const [sku] = await runtime.store.getSkus([code]);
  if (sku) return { sku };
  if (!/^\d{6,14}$/.test(code)) return null;
  const found = await runtime.store.findSkuByBarcode(code);
  return found ? { sku: found.sku, barcodeUnit: found.unit } : null;
}

async function readRow(runtime: Runtime, row: SheetRow): Promise<RowResult> {
  const code = row.cells["编码"];
  if (!code) return { reason: "缺少商品编码或条码" };
  const found = await findSku(runtime, code);
  if (!found) return { reason: `找不到编码或条码 ${code}` };

  const unitName = row.cells["单位"] || found.barcodeUnit;
  if (!unitName) return { reason: `${found.sku.name} 未填单位` };
  const unit = found.sku.units.find((candidate) => candidate.unit === unitName);
  if (!unit) {
    const units = found.sku.units.map((candidate) => candidate.unit).join("、");
    return { reason: `${found.sku.name} 没有单位「${unitName}」，可用：${units}` };
  }

  const text = row.cells["数量"];
  const quantity = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return { reason: `数量「${text}」不是正整数` };
  }
  if (!isAllowedQuantity(quantity, unit.minQuantity, unit.stepQuantity)) {
    return {
      reason: `${found.sku.name} 至少 ${unit.minQuantity} ${unit.unit}，按 ${unit.stepQuantity} ${unit.unit}递增`,
    };
  }
  return { line: { skuId: found.sku.skuId, unit: unit.unit, quantity } };
}

/**
 * Places one customer's order from a sheet of 编码 (SKU code or barcode),
 * 单位 and 数量, through the same path as orders.place, so prices, credit,
 * stock and the requestId's idempotency apply alike. Rows that cannot be
 * read are reported and left out; rows of the same SKU and unit add up.
 */
export async function importOrderSheet(
  runtime: Runtime,
  caller: Caller,
  input: OrderSheetInput,
): Promise<OrderSheetReport> {
  // Checks access before reading the file.
  await resolveActingCustomer(runtime.store, caller, input.customerId);
  const rows = await readSheet(input.fileName, input.contentBase64, ["编码", "数量"]);

  const rejects: RejectedRow[] = [];
  const lines = new Map<string, OrderLineInput>();
  for (const row of rows) {
    const result = await readRow(runtime, row);
    if ("reason" in result) {
      rejects.push({ row: row.row, reason: result.reason });
      continue;
    }
    const key = `${result.line.skuId}\u0000${result.line.unit}`;
    const earlier = lines.get(key);
    if (earlier) earlier.quantity += result.line.quantity;
    else lines.set(key, { ...result.line });
  }

  const accepted = rows.length - rejects.length;
  if (lines.size === 0) return { order: null, accepted, rejects };
  if (lines.size > 200) {
    throw new AppError("INVALID_INPUT", `the sheet has ${lines.size} distinct lines; an order takes at most 200`);
  }
  const order = await placeOrder(runtime, caller, {
    requestId: input.requestId,
    customerId: input.customerId,
    lines: [...lines.values()],
    ...(input.remark ? { remark: input.remark } : {}),
  });
  return { order, accepted, rejects };
}
