/**
 * A large synthetic order history for measuring reports: customers in
 * every region group, SKUs in five categories and finished orders spread
 * over the months before an end date. The same options and seed always
 * write the same rows.
 */
import { PROVINCES } from "../../shared/regions";
import {
  CustomerSchema,
  ProductSchema,
  SkuSchema,
  UserSchema,
} from "../../shared/schemas/entities";
import type { OrderStatus } from "../../shared/order-status";
import type { OrderLine } from "../../shared/schemas/order";
import { addChinaDays, startOfChinaDate } from "../../shared/china-time";
import type { OrderRecord } from "../store/records";
import type { SqliteStore } from "../store/sqlite/sqlite-store";

export interface LargeHistoryOptions {
  /** Order lines to write; orders have 1 to 7 lines, 4 on average. */
  lines: number;
  /** Seed of the pseudo-random generator. */
  seed: number;
  /** Last China-time day of the history, "YYYY-MM-DD". */
  endDate: string;
  /** Days of history, ending with `endDate`. */
  days: number;
  customers: number;
  /** Called after each committed batch with the lines written so far. */
  onProgress?: (linesWritten: number) => void;
}

export interface LargeHistorySummary {
  orders: number;
  lines: number;
  /** Orders skipped because an earlier run with this seed wrote them. */
  existingOrders: number;
  customers: number;
  skus: number;
  totalFen: number;
}

const CATEGORIES = ["饮料", "零食", "日化", "建材", "五金"] as const;
const SKUS_PER_CATEGORY = 40;
const SALESPEOPLE = 10;
const ORDERS_PER_TRANSACTION = 2000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** mulberry32: a small, fast 32-bit generator; enough for test data, not for secrets. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

interface LargeSku {
  skuId: string;
  name: string;
  priceFen: number;
}

async function saveCatalog(
  store: SqliteStore,
  random: () => number,
): Promise<LargeSku[]> {
  const skus: LargeSku[] = [];
  for (const [c, category] of CATEGORIES.entries()) {
    const productId = `LP-${c + 1}`;
    await store.saveProduct(
      ProductSchema.parse({
        productId,
        name: `压测${category}`,
        category,
        specOptions: {},
        baseUnit: "件",
      }),
    );
    for (let i = 1; i <= SKUS_PER_CATEGORY; i += 1) {
      const skuId = `L-${c + 1}${pad(i, 3)}`;
      const priceFen = 100 + Math.floor(random() * 200) * 50;
      const name = `压测${category} ${i}`;
      await store.saveSku(
        SkuSchema.parse({
          skuId,
          productId,
          name,
          category,
          specs: {},
          baseUnit: "件",
          units: [
            {
              unit: "件",
              factor: 1,
              listPriceFen: priceFen,
              minQuantity: 1,
              stepQuantity: 1,
            },
            {
              unit: "箱",
              factor: 12,
              listPriceFen: priceFen * 12,
              minQuantity: 1,
              stepQuantity: 1,
            },
          ],
        }),
      );
      skus.push({ skuId, name, priceFen });
    }
  }
  return skus;
}

async function saveCustomers(
  store: SqliteStore,
  count: number,
  random: () => number,
): Promise<string[]> {
  for (let s = 1; s <= SALESPEOPLE; s += 1) {
    await store.saveUser(
      UserSchema.parse({
        userId: `U-LSALES-${pad(s, 2)}`,
        name: `压测业务员 ${s}`,
        role: "salesperson",
      }),
    );
  }
  const ids: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const province = PROVINCES[Math.floor(random() * PROVINCES.length)];
    const customerId = `LC-${pad(i, 5)}`;
    await store.saveCustomer(
      CustomerSchema.parse({
        customerId,
        name: `压测客户 ${pad(i, 5)}`,
        tier: "standard",
        province: province.name,
        regionGroup: province.group,
        addresses: [],
        paymentTerms: { kind: "cash" },
        creditPolicy: "block",
        salespersonId: `U-LSALES-${pad(1 + (i % SALESPEOPLE), 2)}`,
      }),
    );
    ids.push(customerId);
  }
  return ids;
}

/** Picks a status: old orders are mostly completed; recent ones are still moving. */
function pickStatus(random: () => number, ageDays: number): OrderStatus {
  const r = random();
  if (r < 0.03) return "cancelled";
  if (r < 0.05) return "rejected";
  if (ageDays > 14) return r < 0.97 ? "completed" : "delivered";
  const open: OrderStatus[] = [
    "pending_review",
    "approved",
    "picked",
    "shipped",
    "delivered",
    "completed",
  ];
  return open[Math.floor(random() * open.length)];
}

/**
 * Writes the history straight into the orders and order_lines tables in
 * batches of 2,000 orders per transaction, so the report triggers run for
 * every order as they do for placed and imported ones. Customers and SKUs
 * go through the store. Orders of an earlier run with the same seed are
 * skipped (INSERT OR IGNORE on the order id).
 */
export async function seedLargeHistory(
  store: SqliteStore,
  options: LargeHistoryOptions,
): Promise<LargeHistorySummary> {
  const random = createRandom(options.seed);
  const skus = await saveCatalog(store, random);
  const customers = await saveCustomers(store, options.customers, random);
  const end = startOfChinaDate(addChinaDays(options.endDate, 1)).getTime();
  const spanMs = options.days * DAY_MS;

  const insertOrder = store.db.prepare(
    `INSERT OR IGNORE INTO orders (order_id, order_no, customer_id, status, placed_by,
       request_id, request_hash, total_fen, created_at, data)
     VALUES (?, ?, ?, ?, 'seed', ?, '0', ?, ?, ?)`,
  );
  const insertLine = store.db.prepare(
    `INSERT OR IGNORE INTO order_lines (order_id, line_no, sku_id, unit, quantity,
       base_quantity, price_fen, amount_fen) VALUES (?, ?, ?, '件', ?, ?, ?, ?)`,
  );

  const summary: LargeHistorySummary = {
    orders: 0,
    lines: 0,
    existingOrders: 0,
    customers: customers.length,
    skus: skus.length,
    totalFen: 0,
  };
  let serial = 0;
  let linesPlanned = 0;

  const writeBatch = store.db.transaction((count: number) => {
    for (let n = 0; n < count && linesPlanned < options.lines; n += 1) {
      serial += 1;
      const lineCount = Math.min(
        1 + Math.floor(random() * 7),
        options.lines - linesPlanned,
      );
      linesPlanned += lineCount;
      const createdAt = end - 1 - Math.floor(random() * spanMs);
      const customerId = customers[Math.floor(random() * customers.length)];
      const status = pickStatus(random, (end - createdAt) / DAY_MS);
      const lines: OrderLine[] = [];
      for (let lineNo = 1; lineNo <= lineCount; lineNo += 1) {
        const sku = skus[Math.floor(random() * skus.length)];
        const quantity = 1 + Math.floor(random() * 48);
        lines.push({
          lineNo,
          skuId: sku.skuId,
          name: sku.name,
          specs: {},
          unit: "件",
          factor: 1,
          quantity,
          baseUnit: "件",
          baseQuantity: quantity,
          priceFen: sku.priceFen,
          listPriceFen: sku.priceFen,
          priceSource: "list",
          amountFen: sku.priceFen * quantity,
        });
      }
      const orderId = `large-${options.seed}-${pad(serial, 8)}`;
      const order: OrderRecord = {
        orderId,
        orderNo: `L${options.seed}-${pad(serial, 8)}`,
        customerId,
        customerName: customerId,
        status,
        channel: "import",
        placedBy: "seed",
        lines,
        totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
        flags: [],
        paymentStatus: status === "completed" ? "paid" : "unpaid",
        createdAt,
        updatedAt: createdAt,
        requestId: orderId,
        requestHash: "0",
      };
      const inserted = insertOrder.run(
        orderId,
        order.orderNo,
        customerId,
        status,
        orderId,
        order.totalFen,
        createdAt,
        JSON.stringify(order),
      );
      if (inserted.changes === 0) {
        summary.existingOrders += 1;
        continue;
      }
      for (const line of lines) {
        insertLine.run(
          orderId,
          line.lineNo,
          line.skuId,
          line.quantity,
          line.baseQuantity,
          line.priceFen,
          line.amountFen,
        );
      }
      summary.orders += 1;
      summary.lines += lines.length;
      summary.totalFen += order.totalFen;
    }
  });

  while (linesPlanned < options.lines) {
    writeBatch.immediate(ORDERS_PER_TRANSACTION);
    options.onProgress?.(linesPlanned);
  }
  return summary;
}
