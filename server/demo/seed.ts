import { DEFAULT_TIER_RATES } from "../../shared/pricing";
import { findProvince } from "../../shared/regions";
import {
  CustomerSchema,
  ProductSchema,
  SkuSchema,
  UserSchema,
} from "../../shared/schemas/entities";
import { newId } from "../core/ids";
import type { Store } from "../store/port";
import type { AddressRecord, CustomerRecord, UserRecord } from "../store/records";
import { buildDemoCatalog } from "./catalog-data";

const DAY_MS = 24 * 60 * 60 * 1000;

function address(
  addressId: string,
  contact: string,
  phone: string,
  province: string,
  city: string,
  district: string,
  detail: string,
): AddressRecord {
  return { addressId, contact, phone, province, city, district, detail, isDefault: true };
}

function customer(
  fields: Omit<CustomerRecord, "regionGroup">,
): CustomerRecord {
  const province = findProvince(fields.province);
  if (!province) throw new RangeError(`unknown province ${fields.province}`);
  return { ...fields, regionGroup: province.group };
}

/** Demo customers: each tier, several regions, one with overdue debt. */
export const DEMO_CUSTOMERS: CustomerRecord[] = [
  customer({
    customerId: "C-HZ-001",
    name: "杭州西湖惠民便利店",
    tier: "core",
    province: "浙江省",
    addresses: [address("A-HZ-1", "王建国", "13800000001", "浙江省", "杭州市", "西湖区", "文三路 88 号")],
    paymentTerms: { kind: "monthly", creditLimitFen: 5_000_000, dueDays: 30 },
    creditPolicy: "block",
    salespersonId: "U-SALES-LI",
  }),
  customer({
    customerId: "C-SH-002",
    name: "上海浦东联华超市",
    tier: "standard",
    province: "上海市",
    addresses: [address("A-SH-1", "陈静", "13800000002", "上海市", "上海市", "浦东新区", "张杨路 1200 号")],
    paymentTerms: { kind: "cash" },
    creditPolicy: "block",
    salespersonId: "U-SALES-LI",
  }),
  customer({
    customerId: "C-GZ-003",
    name: "广州天河永兴五金建材",
    tier: "new",
    province: "广东省",
    addresses: [address("A-GZ-1", "黄志强", "13800000003", "广东省", "广州市", "天河区", "天河北路 233 号")],
    paymentTerms: { kind: "monthly", creditLimitFen: 10_000_000, dueDays: 45 },
    creditPolicy: "hold",
    salespersonId: "U-SALES-ZHOU",
  }),
  customer({
    customerId: "C-CD-004",
    name: "成都锦江宏达建材商行",
    tier: "standard",
    province: "四川省",
    addresses: [address("A-CD-1", "刘洋", "13800000004", "四川省", "成都市", "锦江区", "东大街 56 号")],
    paymentTerms: { kind: "monthly", creditLimitFen: 3_000_000, dueDays: 30 },
    creditPolicy: "block",
    salespersonId: "U-SALES-ZHOU",
  }),
  customer({
    customerId: "C-BJ-005",
    name: "北京朝阳福源烟酒商店",
    tier: "core",
    province: "北京市",
    addresses: [address("A-BJ-1", "赵敏", "13800000005", "北京市", "北京市", "朝阳区", "建国路 9 号")],
    paymentTerms: { kind: "monthly", creditLimitFen: 2_000_000, dueDays: 30 },
    creditPolicy: "hold",
    salespersonId: "U-SALES-LI",
  }),
  customer({
    customerId: "C-SY-006",
    name: "沈阳和平区佳佳乐超市",
    tier: "new",
    province: "辽宁省",
    addresses: [address("A-SY-1", "孙丽", "13800000006", "辽宁省", "沈阳市", "和平区", "太原街 18 号")],
    paymentTerms: { kind: "cash" },
    creditPolicy: "block",
    salespersonId: "U-SALES-ZHOU",
  }),
];

/** One demo user per role, plus a second salesperson and customer logins. */
export const DEMO_USERS: UserRecord[] = [
  { userId: "U-CUST-HZ", name: "王建国（杭州西湖惠民便利店）", role: "customer", customerId: "C-HZ-001" },
  { userId: "U-CUST-SH", name: "陈静（上海浦东联华超市）", role: "customer", customerId: "C-SH-002" },
  { userId: "U-CUST-GZ", name: "黄志强（广州天河永兴五金建材）", role: "customer", customerId: "C-GZ-003" },
  { userId: "U-CUST-CD", name: "刘洋（成都锦江宏达建材商行）", role: "customer", customerId: "C-CD-004" },
  { userId: "U-SALES-LI", name: "李明（业务员）", role: "salesperson" },
  { userId: "U-SALES-ZHOU", name: "周强（业务员）", role: "salesperson" },
  { userId: "U-CLERK-ZHANG", name: "张晓（内勤）", role: "clerk" },
  { userId: "U-WH-ZHAO", name: "赵刚（仓库）", role: "warehouse" },
  { userId: "U-FIN-QIAN", name: "钱芳（财务）", role: "finance" },
  { userId: "U-MGR-LIU", name: "刘总（老板）", role: "manager" },
];

/** Returns true when the store has never been seeded (it has no users). */
export async function isEmpty(store: Store): Promise<boolean> {
  return (await store.listUsers()).length === 0;
}

/**
 * Writes the demo data set: catalog with stock, customers with prices and
 * debts, and a user per role. Receivable due dates are relative to `now`.
 */
export async function seedDemoData(store: Store, now: number): Promise<void> {
  await store.saveTierRates(DEFAULT_TIER_RATES);

  const catalog = buildDemoCatalog();
  for (const product of catalog.products) await store.saveProduct(ProductSchema.parse(product));
  for (const sku of catalog.skus) {
    await store.saveSku(SkuSchema.parse(sku));
    await store.receiveStock({
      skuId: sku.skuId,
      baseQuantity: catalog.onHand.get(sku.skuId) ?? 0,
      event: {
        eventId: newId("evt"),
        entityType: "stock",
        entityId: sku.skuId,
        action: "stock.received",
        actorId: "system",
        actorRole: "system",
        at: now,
        data: { note: "demo opening stock" },
      },
    });
  }

  for (const record of DEMO_CUSTOMERS) await store.saveCustomer(CustomerSchema.parse(record));
  // A core customer's negotiated prices: cheaper water by the case, cement per bag.
  await store.saveCustomerPrice({ customerId: "C-HZ-001", skuId: "NFSQ-550", unit: "箱", priceFen: 2800 });
  await store.saveCustomerPrice({ customerId: "C-GZ-003", skuId: "HL-PO425", unit: "袋", priceFen: 2300 });

  // Chengdu owes ¥12,800.50, 40 days past due; Beijing owes a small overdue sum.
  await store.saveReceivable({
    receivableId: "R-CD-OVERDUE",
    customerId: "C-CD-004",
    amountFen: 1_280_050,
    paidFen: 0,
    dueAt: now - 40 * DAY_MS,
    createdAt: now - 70 * DAY_MS,
  });
  await store.saveReceivable({
    receivableId: "R-BJ-OVERDUE",
    customerId: "C-BJ-005",
    amountFen: 356_000,
    paidFen: 100_000,
    dueAt: now - 5 * DAY_MS,
    createdAt: now - 35 * DAY_MS,
  });

  for (const user of DEMO_USERS) await store.saveUser(UserSchema.parse(user));
}
