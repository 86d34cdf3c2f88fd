import { parseYuanToFen } from "../../shared/money";
import {
  ProductSchema,
  SkuSchema,
  specProblems,
  type Product,
  type Sku,
} from "../../shared/schemas/entities";
import type { RejectedRow, SheetImportInput, SheetImportReport } from "../../shared/schemas/imports";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import { readSheet, type SheetRow } from "./sheet-reader";

/**
 * Column headers of a catalog sheet, one row per SKU. 规格 is
 * "名=值;名=值"; 单位 is "单位:换算:标准价[:条码[:起订[:步长]]]" per unit,
 * separated by ";", e.g. "瓶:1:1.50:6901234567892;箱:24:32.00".
 */
export const CATALOG_SHEET_COLUMNS = [
  "SKU编码",
  "商品编码",
  "名称",
  "分类",
  "基本单位",
  "规格",
  "单位",
  "拼音首字母",
] as const;

function parseSpecs(text: string): Record<string, string> {
  const specs: Record<string, string> = {};
  for (const pair of text.split(/[;；]/).filter((item) => item.trim())) {
    const [name, value] = pair.split("=").map((part) => part.trim());
    if (!name || !value) throw new RangeError(`规格「${pair}」应写成 名=值`);
    specs[name] = value;
  }
  return specs;
}

function parseUnits(text: string): Sku["units"] {
  return text
    .split(/[;；]/)
    .filter((item) => item.trim())
    .map((item) => {
      const [unit, factor, price, barcode, min, step] = item.split(/[:：]/).map((part) => part.trim());
      if (!unit || !factor || !price) {
        throw new RangeError(`单位「${item}」应写成 单位:换算:标准价`);
      }
      return {
        unit,
        factor: Number(factor),
        listPriceFen: parseYuanToFen(price),
        ...(barcode ? { barcode } : {}),
        minQuantity: min ? Number(min) : 1,
        stepQuantity: step ? Number(step) : 1,
      };
    });
}

/** Turns a zod failure into one line a clerk can act on. */
function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "行"}：${issue.message}`)
    .join("；");
}

function readSku(row: SheetRow): { sku: Sku } | { reason: string } {
  const cells = row.cells;
  try {
    const parsed = SkuSchema.safeParse({
      skuId: cells["SKU编码"],
      productId: cells["商品编码"],
      name: cells["名称"],
      category: cells["分类"],
      specs: parseSpecs(cells["规格"] ?? ""),
      baseUnit: cells["基本单位"],
      units: parseUnits(cells["单位"] ?? ""),
      ...(cells["拼音首字母"] ? { pinyinInitials: cells["拼音首字母"].toLowerCase() } : {}),
    });
    return parsed.success ? { sku: parsed.data } : { reason: describeIssues(parsed.error) };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Builds the product of `skus`: the stored one, or one made from the first SKU,
 * with the new values of its existing spec names added. A spec name the
 * product lacks stays out, so specProblems rejects only that SKU.
 */
function mergeProduct(stored: Product | null, skus: readonly Sku[]): Product {
  const first = skus[0];
  const specOptions: Record<string, string[]> = {};
  const names = stored ? Object.keys(stored.specOptions) : Object.keys(first.specs);
  for (const name of names) specOptions[name] = [...(stored?.specOptions[name] ?? [])];
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.specs)) {
      const values = specOptions[name];
      if (values && !values.includes(value)) values.push(value);
    }
  }
  return {
    productId: first.productId,
    name: stored?.name ?? first.name,
    category: stored?.category ?? first.category,
    specOptions,
    baseUnit: stored?.baseUnit ?? first.baseUnit,
  };
}

/** Checks that no barcode of `sku` already marks another SKU. */
async function barcodeConflict(runtime: Runtime, sku: Sku): Promise<string | null> {
  for (const unit of sku.units) {
    if (!unit.barcode) continue;
    const found = await runtime.store.findSkuByBarcode(unit.barcode);
    if (found && found.sku.skuId !== sku.skuId) {
      return `条码 ${unit.barcode} 已属于 ${found.sku.skuId}`;
    }
  }
  return null;
}

/**
 * Adds or updates products and SKUs from a sheet. Each row is checked with
 * SkuSchema, then against its product's specs (specProblems); a product
 * gains the spec values of its new SKUs. Stock is not changed: a new SKU
 * starts with none.
 */
export async function importCatalogSheet(
  runtime: Runtime,
  _caller: Caller,
  input: SheetImportInput,
): Promise<SheetImportReport> {
  const rows = await readSheet(input.fileName, input.contentBase64, [...CATALOG_SHEET_COLUMNS.slice(0, 7)]);
  const rejects: RejectedRow[] = [];
  const byProduct = new Map<string, { row: number; sku: Sku }[]>();
  const seenSkus = new Set<string>();
  for (const row of rows) {
    const result = readSku(row);
    if ("reason" in result) {
      rejects.push({ row: row.row, reason: result.reason });
    } else if (seenSkus.has(result.sku.skuId)) {
      rejects.push({ row: row.row, reason: `SKU ${result.sku.skuId} 在表中重复` });
    } else {
      seenSkus.add(result.sku.skuId);
      const group = byProduct.get(result.sku.productId) ?? [];
      group.push({ row: row.row, sku: result.sku });
      byProduct.set(result.sku.productId, group);
    }
  }

  let imported = 0;
  for (const group of byProduct.values()) {
    const product = ProductSchema.safeParse(
      mergeProduct(await runtime.store.getProduct(group[0].sku.productId), group.map((item) => item.sku)),
    );
    if (!product.success) {
      for (const item of group) rejects.push({ row: item.row, reason: `商品：${describeIssues(product.error)}` });
      continue;
    }
    const valid: Sku[] = [];
    for (const item of group) {
      const problems = specProblems(product.data, item.sku);
      const conflict = await barcodeConflict(runtime, item.sku);
      if (problems.length > 0) rejects.push({ row: item.row, reason: problems.join("；") });
      else if (conflict) rejects.push({ row: item.row, reason: conflict });
      else valid.push(item.sku);
    }
    if (valid.length === 0) continue;
    await runtime.store.saveProduct(product.data);
    for (const sku of valid) await runtime.store.saveSku(sku);
    imported += valid.length;
  }
  rejects.sort((a, b) => a.row - b.row);
  return { imported, rejects };
}
