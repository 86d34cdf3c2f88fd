import { DateTime } from "luxon";

import { parseYuanToFen } from "../../shared/money";
import type { OrderLine } from "../../shared/schemas/order";
import { hashCanonical } from "../core/ids";
import type { Store } from "../store/port";
import type { CustomerRecord, OrderRecord, SkuRecord } from "../store/records";

/** One row of the UCI "Online Retail" sample, as strings. */
export interface RetailRow {
  rowIndex: string;
  invoiceNo: string;
  stockCode: string;
  description: string;
  quantity: string;
  invoiceDate: string;
  unitPrice: string;
  customerId: string;
  country: string;
}

export type RejectReason =
  | "missing_customer"
  | "cancellation"
  | "non_positive_quantity"
  | "invalid_quantity"
  | "invalid_price"
  | "invalid_date"
  | "missing_stock_code"
  | "invoice_customer_mismatch";

export interface RejectedRow {
  row: RetailRow;
  reason: RejectReason;
}

export interface ImportSummary {
  rowsRead: number;
  /** Lines of orders this run added (0 when the file was imported before). */
  importedLines: number;
  /** Orders this run added. */
  importedOrders: number;
  /** Orders of the file that were already in the store. */
  existingOrders: number;
  /** Distinct customers and products in the accepted rows. */
  customers: number;
  products: number;
  /** Sum of every accepted line of the file, in fen. */
  totalFen: number;
  rejected: Partial<Record<RejectReason, number>>;
}

interface AcceptedRow {
  row: RetailRow;
  quantity: number;
  priceFen: number;
  at: number;
}

const BASE_UNIT = "件";
const CATEGORY = "进口礼品";

/** Reads "M/D/YYYY H:MM" as Europe/London wall-clock time. */
export function parseLondonTime(text: string): number | null {
  const parsed = DateTime.fromFormat(text.trim(), "M/d/yyyy H:mm", { zone: "Europe/London" });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** Classifies one row: accepted with parsed numbers, or the reason it is rejected. */
export function checkRow(row: RetailRow): AcceptedRow | RejectReason {
  if (row.customerId.trim() === "" || row.customerId.trim() === "NA") return "missing_customer";
  if (row.invoiceNo.startsWith("C")) return "cancellation";
  if (!/^-?\d+$/.test(row.quantity.trim())) return "invalid_quantity";
  const quantity = Number(row.quantity);
  if (quantity <= 0) return "non_positive_quantity";
  if (!Number.isSafeInteger(quantity)) return "invalid_quantity";
  if (row.stockCode.trim() === "") return "missing_stock_code";
  let priceFen: number;
  try {
    priceFen = parseYuanToFen(row.unitPrice);
  } catch {
    return "invalid_price";
  }
  if (priceFen < 0) return "invalid_price";
  const at = parseLondonTime(row.invoiceDate);
  if (at === null) return "invalid_date";
  return { row, quantity, priceFen, at };
}

function customerIdOf(row: RetailRow): string {
  return `RC-${row.customerId.trim()}`;
}

function skuIdOf(row: RetailRow): string {
  return `R-${row.stockCode.trim().toUpperCase()}`;
}

/**
 * Imports rows as finished, paid historical orders. Each InvoiceNo is one
 * order at its earliest row's time. Each StockCode is a SKU sold by 件
 * whose list price is the latest invoice price. Each CustomerID is a
 * customer whose region is the row's country. Historical orders reserve
 * and deduct no stock. Orders already present (same invoice) are skipped, so a second
 * run adds nothing.
 */
export async function importRetailRows(
  store: Store,
  rows: readonly RetailRow[],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ summary: ImportSummary; rejects: RejectedRow[] }> {
  const rejects: RejectedRow[] = [];
  const byInvoice = new Map<string, AcceptedRow[]>();
  for (const row of rows) {
    const checked = checkRow(row);
    if (typeof checked === "string") {
      rejects.push({ row, reason: checked });
      continue;
    }
    const lines = byInvoice.get(row.invoiceNo) ?? [];
    if (lines.length > 0 && customerIdOf(lines[0].row) !== customerIdOf(row)) {
      rejects.push({ row, reason: "invoice_customer_mismatch" });
      continue;
    }
    lines.push(checked);
    byInvoice.set(row.invoiceNo, lines);
  }
  const accepted = [...byInvoice.values()].flat();

  const skus = buildSkus(accepted);
  for (const sku of skus) {
    await store.saveProduct({
      productId: sku.productId,
      name: sku.name,
      category: sku.category,
      specOptions: {},
      baseUnit: BASE_UNIT,
    });
    await store.saveSku(sku);
  }
  const customers = buildCustomers(accepted);
  for (const customer of customers) await store.saveCustomer(customer);

  const orders = [...byInvoice.entries()].map(([invoiceNo, lines]) =>
    buildOrder(invoiceNo, lines),
  );
  let importedOrders = 0;
  let importedLines = 0;
  const batchSize = 200;
  for (let start = 0; start < orders.length; start += batchSize) {
    const batch = orders.slice(start, start + batchSize);
    const before = new Set<string>();
    for (const order of batch) {
      if (await store.getOrder(order.orderId)) before.add(order.orderId);
    }
    importedOrders += await store.importOrders(batch);
    importedLines += batch
      .filter((order) => !before.has(order.orderId))
      .reduce((sum, order) => sum + order.lines.length, 0);
    onProgress(Math.min(start + batchSize, orders.length), orders.length);
  }

  const rejected: ImportSummary["rejected"] = {};
  for (const reject of rejects) rejected[reject.reason] = (rejected[reject.reason] ?? 0) + 1;
  return {
    summary: {
      rowsRead: rows.length,
      importedLines,
      importedOrders,
      existingOrders: orders.length - importedOrders,
      customers: customers.length,
      products: skus.length,
      totalFen: accepted.reduce((sum, line) => sum + line.quantity * line.priceFen, 0),
      rejected,
    },
    rejects,
  };
}

function buildSkus(accepted: readonly AcceptedRow[]): SkuRecord[] {
  const latest = new Map<string, AcceptedRow>();
  for (const line of accepted) {
    const id = skuIdOf(line.row);
    const seen = latest.get(id);
    if (!seen || line.at > seen.at || (line.at === seen.at && Number(line.row.rowIndex) > Number(seen.row.rowIndex))) {
      latest.set(id, line);
    }
  }
  return [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([skuId, line]) => ({
      skuId,
      productId: `RP-${line.row.stockCode.trim().toUpperCase()}`,
      name: line.row.description.trim() || line.row.stockCode.trim(),
      category: CATEGORY,
      specs: {},
      baseUnit: BASE_UNIT,
      units: [
        { unit: BASE_UNIT, factor: 1, listPriceFen: line.priceFen, minQuantity: 1, stepQuantity: 1 },
      ],
    }));
}

function buildCustomers(accepted: readonly AcceptedRow[]): CustomerRecord[] {
  const countries = new Map<string, string>();
  for (const line of accepted) countries.set(customerIdOf(line.row), line.row.country.trim());
  return [...countries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([customerId, country]) => ({
      customerId,
      name: `Online Retail ${customerId.slice(3)}`,
      tier: "standard",
      // Imported customers are abroad, so the country fills both province and region group.
      province: country,
      regionGroup: country,
      addresses: [],
      paymentTerms: { kind: "cash" },
      creditPolicy: "block",
    }));
}

function buildOrder(invoiceNo: string, rows: readonly AcceptedRow[]): OrderRecord {
  const sorted = [...rows].sort((a, b) => Number(a.row.rowIndex) - Number(b.row.rowIndex));
  const createdAt = Math.min(...sorted.map((line) => line.at));
  const lines: OrderLine[] = sorted.map((line, index) => ({
    lineNo: index + 1,
    skuId: skuIdOf(line.row),
    name: line.row.description.trim() || line.row.stockCode.trim(),
    specs: {},
    unit: BASE_UNIT,
    factor: 1,
    quantity: line.quantity,
    baseUnit: BASE_UNIT,
    baseQuantity: line.quantity,
    priceFen: line.priceFen,
    listPriceFen: line.priceFen,
    priceSource: "list",
    amountFen: line.quantity * line.priceFen,
  }));
  const customerId = customerIdOf(sorted[0].row);
  return {
    orderId: `hist-retail-${invoiceNo}`,
    orderNo: `HIST-${invoiceNo}`,
    customerId,
    customerName: `Online Retail ${customerId.slice(3)}`,
    status: "completed",
    channel: "import",
    placedBy: "import",
    lines,
    totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
    flags: [],
    paymentStatus: "paid",
    createdAt,
    updatedAt: createdAt,
    requestId: `retail-${invoiceNo}`,
    requestHash: hashCanonical(lines),
  };
}
