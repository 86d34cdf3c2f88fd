import { AppError } from "../../shared/errors";
import type { PriceSource } from "../../shared/pricing";
import { lineAmountFen } from "../../shared/pricing";
import type { CartLineInput, OrderLine } from "../../shared/schemas/order";
import { isAllowedQuantity, toBaseQuantity, wholeUnits } from "../../shared/units";
import { loadPriceBook } from "../catalog/pricing";
import type { Runtime } from "../core/runtime";
import type { CustomerRecord, SkuRecord } from "../store/records";

export interface PricedLine extends OrderLine {
  /** Whole units of the line's unit available now. */
  available: number;
}

interface LineIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * Validates cart lines against the catalog (known SKU, a defined unit, the
 * unit's minimum and step) and prices them for the customer. A line with a
 * negotiated price keeps that price and records the customer's own price
 * it replaced; the caller checks who may negotiate. Every invalid line is
 * reported at once as INVALID_INPUT.
 */
export async function priceLines(
  runtime: Runtime,
  customer: CustomerRecord,
  lines: readonly CartLineInput[],
): Promise<PricedLine[]> {
  const skuIds = [...new Set(lines.map((line) => line.skuId))];
  const skus = new Map(
    (await runtime.store.getSkus(skuIds)).map((sku) => [sku.skuId, sku]),
  );
  const issues = collectLineIssues(lines, skus);
  if (issues.length > 0) {
    throw new AppError("INVALID_INPUT", "some order lines are invalid", issues);
  }

  const prices = await loadPriceBook(runtime.store, customer, [...skus.values()]);
  const stock = new Map(
    (await runtime.store.getStock(skuIds)).map((row) => [row.skuId, row]),
  );

  return lines.map((line, index) => {
    const sku = skus.get(line.skuId) as SkuRecord;
    const unit = sku.units.find((candidate) => candidate.unit === line.unit);
    if (!unit) throw new RangeError("unit checked above");
    const standard: { priceFen: number; source: PriceSource } = prices.priceOf(sku, line.unit);
    const negotiated = line.negotiatedPriceFen;
    const price = negotiated === undefined ? standard : { priceFen: negotiated, source: "negotiated" as const };
    const row = stock.get(sku.skuId);
    return {
      lineNo: index + 1,
      skuId: sku.skuId,
      name: sku.name,
      specs: sku.specs,
      unit: unit.unit,
      factor: unit.factor,
      quantity: line.quantity,
      baseUnit: sku.baseUnit,
      baseQuantity: toBaseQuantity(line.quantity, unit.factor),
      priceFen: price.priceFen,
      listPriceFen: unit.listPriceFen,
      priceSource: price.source,
      ...(negotiated === undefined ? {} : { standardPriceFen: standard.priceFen }),
      amountFen: lineAmountFen(price.priceFen, line.quantity),
      available: wholeUnits(row ? row.onHand - row.reserved : 0, unit.factor),
    };
  });
}

function collectLineIssues(
  lines: readonly CartLineInput[],
  skus: ReadonlyMap<string, SkuRecord>,
): LineIssue[] {
  const issues: LineIssue[] = [];
  lines.forEach((line, index) => {
    const sku = skus.get(line.skuId);
    if (!sku) {
      issues.push({
        path: ["lines", index, "skuId"],
        code: "unknown_sku",
        message: `SKU ${line.skuId} is not in the catalog`,
      });
      return;
    }
    const unit = sku.units.find((candidate) => candidate.unit === line.unit);
    if (!unit) {
      issues.push({
        path: ["lines", index, "unit"],
        code: "unknown_unit",
        message: `SKU ${sku.skuId} is sold in ${sku.units.map((u) => u.unit).join(", ")}`,
      });
      return;
    }
    if (!isAllowedQuantity(line.quantity, unit.minQuantity, unit.stepQuantity)) {
      issues.push({
        path: ["lines", index, "quantity"],
        code: "quantity_step",
        message: `quantity must be at least ${unit.minQuantity} ${unit.unit} in steps of ${unit.stepQuantity}`,
      });
    }
  });
  return issues;
}
