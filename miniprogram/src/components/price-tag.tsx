import { Text, View } from "@tarojs/components";

import { formatYuan } from "../../../shared/money";

interface PriceTagProps {
  priceFen: number;
  listPriceFen: number;
  unit: string;
}

/**
 * Shows the caller's unit price, with the list price struck through beside
 * it when they differ.
 */
export function PriceTag({ priceFen, listPriceFen, unit }: PriceTagProps) {
  return (
    <View className="price-tag">
      <Text className="price" data-testid="price">
        {formatYuan(priceFen)}/{unit}
      </Text>
      {listPriceFen !== priceFen ? (
        <Text className="list-price" data-testid="list-price">
          {formatYuan(listPriceFen)}
        </Text>
      ) : null}
    </View>
  );
}
