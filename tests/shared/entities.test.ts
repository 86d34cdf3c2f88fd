import { buildDemoCatalog } from "../../server/demo/catalog-data";
import { DEMO_CUSTOMERS, DEMO_USERS } from "../../server/demo/seed";
import {
  CustomerSchema,
  ProductSchema,
  SkuSchema,
  specProblems,
  UserSchema,
} from "../../shared/schemas/entities";
import { bottleSku } from "../support/fixtures";

describe("entity schemas", () => {
  it("accept the whole demo data set", () => {
    const catalog = buildDemoCatalog();
    for (const product of catalog.products) ProductSchema.parse(product);
    for (const sku of catalog.skus) {
      SkuSchema.parse(sku);
      const product = catalog.products.find((p) => p.productId === sku.productId);
      expect(product && specProblems(product, sku)).toEqual([]);
    }
    for (const customer of DEMO_CUSTOMERS) CustomerSchema.parse(customer);
    for (const user of DEMO_USERS) UserSchema.parse(user);
  });

  it("gives every demo barcode a valid EAN-13 check digit, once", () => {
    const barcodes = buildDemoCatalog().skus.flatMap((sku) => sku.units.map((unit) => unit.barcode ?? ""));
    for (const code of barcodes) {
      const digits = [...code].map(Number);
      const sum = digits.slice(0, 12).reduce((total, d, i) => total + d * (i % 2 === 0 ? 1 : 3), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[12]);
    }
    expect(new Set(barcodes).size).toBe(barcodes.length);
  });

  it.each([
    ["a missing base unit", { baseUnit: "盒" }],
    ["a duplicate unit", { units: [...bottleSku("X").units, bottleSku("X").units[1]] }],
    ["a fractional factor", { units: [bottleSku("X").units[0], { ...bottleSku("X").units[1], factor: 6.5 }] }],
    ["a float price", { units: [{ ...bottleSku("X").units[0], listPriceFen: 1.5 }] }],
    ["a second unit with factor 1", { units: [bottleSku("X").units[0], { ...bottleSku("X").units[1], factor: 1 }] }],
    ["an unknown field", { colour: "red" }],
  ])("rejects a SKU with %s", (_label, change) => {
    expect(SkuSchema.safeParse({ ...bottleSku("X"), ...change }).success).toBe(false);
  });

  it("reports specs outside the product's options", () => {
    const product = {
      productId: "P-TILE",
      name: "瓷砖",
      category: "建材",
      specOptions: { 规格: ["800×800mm", "600×1200mm"] },
      baseUnit: "瓶",
    };
    const sku = bottleSku("TILE-1", { productId: "P-TILE", specs: { 规格: "600×600mm" } });
    expect(specProblems(product, sku)).toEqual(["规格 600×600mm is not one of 800×800mm, 600×1200mm"]);
    expect(specProblems(product, { ...sku, specs: {} })).toEqual(["missing spec 规格"]);
  });
});
