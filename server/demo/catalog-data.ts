import type { ProductRecord, SkuRecord, SkuUnitRecord } from "../store/records";

/** Appends the EAN-13 check digit to a 12-digit prefix. */
export function ean13(prefix12: string): string {
  const sum = [...prefix12].reduce(
    (total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3),
    0,
  );
  return `${prefix12}${(10 - (sum % 10)) % 10}`;
}

interface UnitSeed {
  unit: string;
  factor: number;
  listPriceFen: number;
  minQuantity?: number;
  stepQuantity?: number;
}

interface SkuSeed {
  code: string;
  spec: Record<string, string>;
  units: UnitSeed[];
  onHand: number;
}

interface ProductSeed {
  productId: string;
  name: string;
  category: string;
  pinyinInitials: string;
  baseUnit: string;
  skus: SkuSeed[];
}

/** A small but realistic wholesale catalog: drinks, daily goods, building materials. */
const PRODUCTS: ProductSeed[] = [
  {
    productId: "P-NFSQ",
    name: "农夫山泉饮用天然水",
    category: "饮料",
    pinyinInitials: "nfsqysrs",
    baseUnit: "瓶",
    skus: [
      {
        code: "NFSQ-550",
        spec: { 规格: "550ml" },
        units: [
          { unit: "瓶", factor: 1, listPriceFen: 150 },
          { unit: "提", factor: 6, listPriceFen: 840 },
          { unit: "箱", factor: 24, listPriceFen: 3200 },
        ],
        onHand: 24 * 200,
      },
      {
        code: "NFSQ-1500",
        spec: { 规格: "1.5L" },
        units: [
          { unit: "瓶", factor: 1, listPriceFen: 350 },
          { unit: "箱", factor: 12, listPriceFen: 3900 },
        ],
        onHand: 12 * 80,
      },
    ],
  },
  {
    productId: "P-KKKL",
    name: "可口可乐",
    category: "饮料",
    pinyinInitials: "kkkl",
    baseUnit: "罐",
    skus: [
      {
        code: "KKKL-330",
        spec: { 规格: "330ml罐装" },
        units: [
          { unit: "罐", factor: 1, listPriceFen: 250 },
          { unit: "提", factor: 6, listPriceFen: 1450 },
          { unit: "箱", factor: 24, listPriceFen: 5600 },
        ],
        onHand: 24 * 120,
      },
    ],
  },
  {
    productId: "P-KSFBHC",
    name: "康师傅冰红茶",
    category: "饮料",
    pinyinInitials: "ksfbhc",
    baseUnit: "瓶",
    skus: [
      {
        code: "KSF-BHC-500",
        spec: { 规格: "500ml" },
        units: [
          { unit: "瓶", factor: 1, listPriceFen: 300 },
          { unit: "箱", factor: 15, listPriceFen: 4200 },
        ],
        onHand: 15 * 60,
      },
    ],
  },
  {
    productId: "P-QFCZ",
    name: "清风抽纸 原木纯品",
    category: "纸品",
    pinyinInitials: "qfcz",
    baseUnit: "包",
    skus: [
      {
        code: "QF-130",
        spec: { 规格: "3层130抽" },
        units: [
          { unit: "包", factor: 1, listPriceFen: 420 },
          { unit: "提", factor: 6, listPriceFen: 2380 },
          { unit: "箱", factor: 24, listPriceFen: 8990 },
        ],
        onHand: 24 * 50,
      },
    ],
  },
  {
    productId: "P-LBXJJ",
    name: "立白洗洁精",
    category: "洗涤",
    pinyinInitials: "lbxjj",
    baseUnit: "瓶",
    skus: [
      {
        code: "LB-XJJ-1120",
        spec: { 规格: "1.12kg" },
        units: [
          { unit: "瓶", factor: 1, listPriceFen: 1290 },
          { unit: "箱", factor: 12, listPriceFen: 14800 },
        ],
        onHand: 12 * 40,
      },
    ],
  },
  {
    productId: "P-LYLXYY",
    name: "蓝月亮洗衣液 深层洁净",
    category: "洗涤",
    pinyinInitials: "lylxyy",
    baseUnit: "瓶",
    skus: [
      {
        code: "LYL-3000",
        spec: { 规格: "3kg" },
        units: [
          { unit: "瓶", factor: 1, listPriceFen: 4990 },
          { unit: "箱", factor: 4, listPriceFen: 19200 },
        ],
        onHand: 4 * 30,
      },
    ],
  },
  {
    productId: "P-JLYDM",
    name: "金龙鱼东北大米",
    category: "粮油",
    pinyinInitials: "jlydbdm",
    baseUnit: "袋",
    skus: [
      {
        code: "JLY-DM-5",
        spec: { 规格: "5kg" },
        units: [{ unit: "袋", factor: 1, listPriceFen: 3990 }],
        onHand: 300,
      },
      {
        code: "JLY-DM-10",
        spec: { 规格: "10kg" },
        units: [{ unit: "袋", factor: 1, listPriceFen: 7680 }],
        onHand: 150,
      },
    ],
  },
  {
    productId: "P-HLSN",
    name: "海螺水泥 普通硅酸盐",
    category: "建材",
    pinyinInitials: "hlsn",
    baseUnit: "袋",
    skus: [
      {
        code: "HL-PO425",
        spec: { 标号: "P.O 42.5", 规格: "50kg" },
        units: [{ unit: "袋", factor: 1, listPriceFen: 2450, minQuantity: 10, stepQuantity: 10 }],
        onHand: 2000,
      },
    ],
  },
  {
    productId: "P-LWG",
    name: "螺纹钢 HRB400E",
    category: "建材",
    pinyinInitials: "lwg",
    baseUnit: "根",
    skus: [
      {
        code: "LWG-12",
        spec: { 直径: "Φ12mm", 长度: "9m" },
        units: [
          { unit: "根", factor: 1, listPriceFen: 3350 },
          { unit: "捆", factor: 100, listPriceFen: 328000 },
        ],
        onHand: 100 * 30,
      },
      {
        code: "LWG-16",
        spec: { 直径: "Φ16mm", 长度: "9m" },
        units: [
          { unit: "根", factor: 1, listPriceFen: 5900 },
          { unit: "捆", factor: 50, listPriceFen: 289000 },
        ],
        onHand: 50 * 20,
      },
    ],
  },
  {
    productId: "P-DPCZ",
    name: "东鹏 通体大理石瓷砖",
    category: "建材",
    pinyinInitials: "dpcz",
    baseUnit: "片",
    skus: [
      {
        code: "DP-800",
        spec: { 规格: "800×800mm" },
        units: [
          { unit: "片", factor: 1, listPriceFen: 6800 },
          { unit: "箱", factor: 3, listPriceFen: 19500 },
        ],
        onHand: 3 * 100,
      },
      {
        code: "DP-6012",
        spec: { 规格: "600×1200mm" },
        units: [
          { unit: "片", factor: 1, listPriceFen: 8900 },
          { unit: "箱", factor: 2, listPriceFen: 17200 },
        ],
        onHand: 2 * 80,
      },
    ],
  },
];

export interface CatalogSeed {
  products: ProductRecord[];
  skus: SkuRecord[];
  onHand: Map<string, number>;
}

/** Builds the demo catalog with EAN-13 barcodes per SKU and unit. */
export function buildDemoCatalog(): CatalogSeed {
  const products: ProductRecord[] = [];
  const skus: SkuRecord[] = [];
  const onHand = new Map<string, number>();
  let serial = 1;

  for (const product of PRODUCTS) {
    const specOptions: Record<string, string[]> = {};
    for (const sku of product.skus) {
      for (const [name, value] of Object.entries(sku.spec)) {
        specOptions[name] = [...new Set([...(specOptions[name] ?? []), value])];
      }
    }
    products.push({
      productId: product.productId,
      name: product.name,
      category: product.category,
      specOptions,
      baseUnit: product.baseUnit,
    });

    for (const sku of product.skus) {
      const units: SkuUnitRecord[] = sku.units.map((unit) => ({
        unit: unit.unit,
        factor: unit.factor,
        listPriceFen: unit.listPriceFen,
        barcode: ean13(`690${String(serial++).padStart(9, "0")}`),
        minQuantity: unit.minQuantity ?? 1,
        stepQuantity: unit.stepQuantity ?? 1,
      }));
      skus.push({
        skuId: sku.code,
        productId: product.productId,
        name: product.name,
        category: product.category,
        specs: sku.spec,
        baseUnit: product.baseUnit,
        units,
        pinyinInitials: product.pinyinInitials,
      });
      onHand.set(sku.code, sku.onHand);
    }
  }
  return { products, skus, onHand };
}
