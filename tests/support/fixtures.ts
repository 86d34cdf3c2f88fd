import type { OrderDraft } from "../../server/store/port";
import type {
  CustomerRecord,
  OrderRecord,
  SkuRecord,
} from "../../server/store/records";

let serial = 0;

/** A SKU sold by 瓶 with 1 提 = 6 瓶 and 1 箱 = 24 瓶. */
export function bottleSku(skuId: string, overrides: Partial<SkuRecord> = {}): SkuRecord {
  return {
    skuId,
    productId: `P-${skuId}`,
    name: `测试矿泉水 ${skuId}`,
    category: "饮料",
    specs: { 规格: "550ml" },
    baseUnit: "瓶",
    units: [
      { unit: "瓶", factor: 1, listPriceFen: 150, minQuantity: 1, stepQuantity: 1 },
      { unit: "提", factor: 6, listPriceFen: 840, minQuantity: 1, stepQuantity: 1 },
      { unit: "箱", factor: 24, listPriceFen: 3200, minQuantity: 1, stepQuantity: 1 },
    ],
    pinyinInitials: "cskqs",
    ...overrides,
  };
}

export function testCustomer(
  customerId: string,
  overrides: Partial<CustomerRecord> = {},
): CustomerRecord {
  return {
    customerId,
    name: `测试客户 ${customerId}`,
    tier: "standard",
    province: "浙江省",
    regionGroup: "华东",
    addresses: [
      {
        addressId: `A-${customerId}`,
        contact: "测试",
        phone: "13800000000",
        province: "浙江省",
        city: "杭州市",
        district: "西湖区",
        detail: "测试路 1 号",
        isDefault: true,
      },
    ],
    paymentTerms: { kind: "cash" },
    creditPolicy: "block",
    ...overrides,
  };
}

/** A one-SKU draft reserving `baseQuantity` at `createdAt`. */
export function orderDraft(options: {
  customerId: string;
  skuId: string;
  baseQuantity: number;
  createdAt: number;
  orderDate?: string;
  placedBy?: string;
  requestId?: string;
  requestHash?: string;
  orderId?: string;
}): OrderDraft {
  serial += 1;
  const orderId = options.orderId ?? `ord_test_${Date.now()}_${serial}`;
  const priceFen = 150;
  return {
    order: {
      orderId,
      customerId: options.customerId,
      customerName: `测试客户 ${options.customerId}`,
      status: "pending_review",
      channel: "customer",
      placedBy: options.placedBy ?? "U-TEST",
      lines: [
        {
          lineNo: 1,
          skuId: options.skuId,
          name: "测试矿泉水",
          specs: { 规格: "550ml" },
          unit: "瓶",
          factor: 1,
          quantity: options.baseQuantity,
          baseUnit: "瓶",
          baseQuantity: options.baseQuantity,
          priceFen,
          listPriceFen: priceFen,
          priceSource: "list",
          amountFen: priceFen * options.baseQuantity,
        },
      ],
      totalFen: priceFen * options.baseQuantity,
      flags: [],
      paymentStatus: "unpaid",
      createdAt: options.createdAt,
      updatedAt: options.createdAt,
      requestId: options.requestId ?? `req-${serial}-${Date.now()}`,
      requestHash: options.requestHash ?? `hash-${serial}`,
    },
    orderDate: options.orderDate ?? "2026-12-04",
    reservations: [{ lineNo: 1, skuId: options.skuId, baseQuantity: options.baseQuantity }],
    event: {
      eventId: `evt_${orderId}`,
      entityType: "order",
      entityId: orderId,
      action: "order.placed",
      actorId: options.placedBy ?? "U-TEST",
      actorRole: "customer",
      at: options.createdAt,
    },
  };
}

/** A finished historical order for import tests. */
export function historicalOrder(orderId: string, customerId: string, createdAt: number): OrderRecord {
  const draft = orderDraft({ customerId, skuId: "IMPORTED", baseQuantity: 2, createdAt, orderId });
  return {
    ...draft.order,
    orderNo: `HIST-${orderId}`,
    status: "completed",
    channel: "import",
    placedBy: "import",
    paymentStatus: "paid",
    requestId: `import-${orderId}`,
  };
}
