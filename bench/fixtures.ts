import { findProvince } from "../shared/regions";
import {
  CustomerSchema,
  ProductSchema,
  SkuSchema,
  UserSchema,
} from "../shared/schemas/entities";
import type { OrderLineInput } from "../shared/schemas/order";
import { newId } from "../server/core/ids";
import { buildDemoCatalog } from "../server/demo/catalog-data";
import type { Store } from "../server/store/port";

/**
 * The demo customer user the placement benchmarks order as. Its customer
 * (C-SH-002) pays cash and has no receivables, so the credit check never
 * blocks an order.
 */
export const PLACEMENT_USER_ID = "U-CUST-SH";
export const PLACEMENT_CUSTOMER_ID = "C-SH-002";

/** Base units received per SKU before a placement benchmark, far above what a run can order. */
export const PLENTY_BASE_UNITS = 50_000_000;

/** Three order lines of one base unit each, on the first three demo SKUs. */
export function placementLines(): OrderLineInput[] {
  return buildDemoCatalog()
    .skus.slice(0, 3)
    .map((sku) => ({ skuId: sku.skuId, unit: sku.baseUnit, quantity: 1 }));
}

/** Adds `baseQuantity` to the on-hand stock of each SKU through the store. */
export async function receiveStock(
  store: Store,
  skuIds: readonly string[],
  baseQuantity: number,
  now: number,
): Promise<void> {
  for (const skuId of skuIds) {
    await store.receiveStock({
      skuId,
      baseQuantity,
      event: {
        eventId: newId("evt"),
        entityType: "stock",
        entityId: skuId,
        action: "stock.received",
        actorId: "system",
        actorRole: "system",
        at: now,
        data: { note: "benchmark stock" },
      },
    });
  }
}

/** Creates `count` SKUs (HOT-01, HOT-02, ...) sold by 件 and by 箱 of 12, each with `stockEach` 件 on hand. */
export async function addHotSkus(
  store: Store,
  count: number,
  stockEach: number,
  now: number,
): Promise<string[]> {
  await store.saveProduct(
    ProductSchema.parse({
      productId: "P-BENCH-HOT",
      name: "压测热销商品",
      category: "饮料",
      specOptions: {
        编号: Array.from({ length: count }, (_, i) => String(i + 1)),
      },
      baseUnit: "件",
    }),
  );
  const skuIds: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const skuId = `HOT-${String(i).padStart(2, "0")}`;
    await store.saveSku(
      SkuSchema.parse({
        skuId,
        productId: "P-BENCH-HOT",
        name: `压测热销商品 ${i}`,
        category: "饮料",
        specs: { 编号: String(i) },
        baseUnit: "件",
        units: [
          {
            unit: "件",
            factor: 1,
            listPriceFen: 500,
            minQuantity: 1,
            stepQuantity: 1,
          },
          {
            unit: "箱",
            factor: 12,
            listPriceFen: 5600,
            minQuantity: 1,
            stepQuantity: 1,
          },
        ],
      }),
    );
    skuIds.push(skuId);
  }
  await receiveStock(store, skuIds, stockEach, now);
  return skuIds;
}

/** Creates `count` cash customers with one customer user each and returns the user ids. */
export async function addCashCustomers(
  store: Store,
  count: number,
): Promise<string[]> {
  const province = findProvince("浙江省");
  if (!province)
    throw new RangeError("province 浙江省 is missing from shared/regions");
  const userIds: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const suffix = String(i).padStart(3, "0");
    const customerId = `C-BENCH-${suffix}`;
    const userId = `U-BENCH-${suffix}`;
    await store.saveCustomer(
      CustomerSchema.parse({
        customerId,
        name: `压测客户 ${suffix}`,
        tier: "standard",
        province: province.name,
        regionGroup: province.group,
        addresses: [
          {
            addressId: `A-BENCH-${suffix}`,
            contact: "压测",
            phone: "13800000000",
            province: province.name,
            city: "杭州市",
            district: "西湖区",
            detail: `压测路 ${i} 号`,
            isDefault: true,
          },
        ],
        paymentTerms: { kind: "cash" },
        creditPolicy: "block",
      }),
    );
    await store.saveUser(
      UserSchema.parse({
        userId,
        name: `压测用户 ${suffix}`,
        role: "customer",
        customerId,
      }),
    );
    userIds.push(userId);
  }
  return userIds;
}
