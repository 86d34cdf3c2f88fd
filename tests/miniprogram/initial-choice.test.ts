import { initialChoice, type Product } from "../../miniprogram/src/catalog/products";
import type { SkuUnitView, SkuView } from "../../shared/schemas/catalog";

function unit(name: string, barcode?: string): SkuUnitView {
  return {
    unit: name,
    factor: name === "箱" ? 24 : 1,
    priceFen: 100,
    listPriceFen: 100,
    priceSource: "list",
    minQuantity: 1,
    stepQuantity: 1,
    ...(barcode ? { barcode } : {}),
  };
}

function sku(skuId: string, units: SkuUnitView[]): SkuView {
  return { skuId, productId: "P-1", name: "可乐", category: "饮料", specs: {}, baseUnit: "罐", units, available: {} };
}

const product: Product = {
  productId: "P-1",
  skus: [
    sku("COLA-330", [unit("罐", "6900000000014"), unit("箱", "6900000000021")]),
    sku("COLA-500", [unit("瓶", "6900000000038"), unit("箱", "6900000000045")]),
  ],
};

describe("initialChoice", () => {
  it("starts on the first SKU and unit without a search", () => {
    expect(initialChoice(product, "")).toEqual({ skuId: "COLA-330", unit: "罐" });
  });

  it("starts on the unit whose barcode was searched", () => {
    expect(initialChoice(product, "6900000000021")).toEqual({ skuId: "COLA-330", unit: "箱" });
  });

  it("starts on another spec's unit by its barcode", () => {
    expect(initialChoice(product, " 6900000000045 ")).toEqual({ skuId: "COLA-500", unit: "箱" });
  });

  it("ignores a name search", () => {
    expect(initialChoice(product, "可乐")).toEqual({ skuId: "COLA-330", unit: "罐" });
  });
});
