import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { findUnit } from "../../../../shared/units";
import type { CartLine } from "../../cart/cart";
import {
  formatSpecs,
  initialChoice,
  snapQuantity,
  type Product,
} from "../../catalog/products";
import { ChipGroup } from "../../components/chip-group";
import { PriceTag } from "../../components/price-tag";
import { QuantityStepper } from "../../components/quantity-stepper";
import { Button } from "../../ui/nutui";
import "./product-card.css";

// At or below this many units of the chosen unit, the card says "仅剩".
const LOW_STOCK_UNITS = 100;

function stockText(available: number, unit: string): string {
  if (available <= 0) return "暂无库存";
  if (available <= LOW_STOCK_UNITS) return `仅剩 ${available} ${unit}`;
  return `库存 ${available} ${unit}`;
}

interface ProductCardProps {
  product: Product;
  canAdd: boolean;
  /** Callback for the chosen line and its unit's price for the customer, in fen. */
  onAdd: (line: CartLine, priceFen: number) => void;
  /** Text of the add button, 加入购物车 when absent. */
  addLabel?: string;
  /** Search text the card was found by; a unit's barcode picks that unit. */
  search?: string;
}

/**
 * Renders one product: pick a spec (which picks the SKU), a unit and a
 * quantity, then add that line to the cart or wherever `onAdd` puts it.
 */
export function ProductCard({ product, canAdd, onAdd, addLabel = "加入购物车", search = "" }: ProductCardProps) {
  const [initial] = useState(() => initialChoice(product, search));
  const [skuId, setSkuId] = useState(initial.skuId);
  const sku =
    product.skus.find((item) => item.skuId === skuId) ?? product.skus[0];
  const [unitName, setUnitName] = useState(initial.unit);
  const unit = findUnit(sku.units, unitName) ?? sku.units[0];
  const [quantity, setQuantity] = useState(unit.minQuantity);
  const available = sku.available[unit.unit] ?? 0;

  function selectSku(nextSkuId: string): void {
    const next = product.skus.find((item) => item.skuId === nextSkuId);
    if (!next) return;
    // Keep the chosen unit when the other spec is sold in it too.
    const nextUnit = findUnit(next.units, unit.unit) ?? next.units[0];
    setSkuId(next.skuId);
    setUnitName(nextUnit.unit);
    setQuantity(snapQuantity(quantity, nextUnit));
  }

  function selectUnit(nextUnitName: string): void {
    const nextUnit = findUnit(sku.units, nextUnitName);
    if (!nextUnit) return;
    setUnitName(nextUnit.unit);
    setQuantity(nextUnit.minQuantity);
  }

  function add(): void {
    onAdd(
      {
        skuId: sku.skuId,
        unit: unit.unit,
        quantity,
        name: sku.name,
        specsText: formatSpecs(sku.specs),
        minQuantity: unit.minQuantity,
        stepQuantity: unit.stepQuantity,
      },
      unit.priceFen,
    );
    setQuantity(unit.minQuantity);
  }

  const specOptions = product.skus.map((item) => ({
    key: item.skuId,
    label: formatSpecs(item.specs),
  }));
  const unitOptions = sku.units.map((item) => ({
    key: item.unit,
    label:
      item.factor > 1
        ? `${item.unit}（${item.factor}${sku.baseUnit}）`
        : item.unit,
  }));

  return (
    <View
      className="card product-card"
      data-testid="product-card"
      data-product-id={product.productId}
    >
      <Text className="product-card__name">{sku.name}</Text>
      <Text className="muted">{sku.category}</Text>

      <Text className="product-card__label">规格</Text>
      <ChipGroup
        options={specOptions}
        selectedKey={sku.skuId}
        onSelect={selectSku}
        testId="spec-picker"
      />

      <Text className="product-card__label">单位</Text>
      <ChipGroup
        options={unitOptions}
        selectedKey={unit.unit}
        onSelect={selectUnit}
        testId="unit-picker"
      />

      <View className="product-card__row">
        <PriceTag
          priceFen={unit.priceFen}
          listPriceFen={unit.listPriceFen}
          unit={unit.unit}
        />
        <Text
          className={available <= LOW_STOCK_UNITS ? "shortage" : "muted"}
          data-testid="stock"
        >
          {stockText(available, unit.unit)}
        </Text>
      </View>
      {unit.minQuantity > 1 || unit.stepQuantity > 1 ? (
        <Text className="muted product-card__rule" data-testid="quantity-rule">
          {unit.minQuantity} {unit.unit}起订
          {unit.stepQuantity > 1 ? `，按 ${unit.stepQuantity} ${unit.unit}递增` : ""}
        </Text>
      ) : null}
      {quantity > available ? (
        <Text className="shortage">超出库存，下单时可能无法满足</Text>
      ) : null}

      <View className="product-card__row">
        <QuantityStepper
          value={quantity}
          minQuantity={unit.minQuantity}
          stepQuantity={unit.stepQuantity}
          onChange={setQuantity}
          testId="quantity"
        />
        <View
          className="product-card__add"
          data-testid="add-to-cart"
          onClick={canAdd ? add : undefined}
        >
          <Button type="primary" disabled={!canAdd}>
            {addLabel}
          </Button>
        </View>
      </View>
    </View>
  );
}
