import { Text, View } from "@tarojs/components";

import { formatYuan } from "../../../shared/money";

interface PriceTagProps {
  priceFen: number;
  listPriceFen: number;
  unit: string;
}

/**
 * Shows the caller's unit price, with the list price beside it when they
 * differ, so a customer sees what their own price saves.
 */
export function PriceTag({ priceFen, listPriceFen, unit }: PriceTagProps) {
  return (
    <View className="price-tag">
      <Text className="price" data-testid="price">
        {formatYuan(priceFen)}/{unit}
      </Text>
      {listPriceFen !== priceFen ? (
        <Text className="list-price" data-testid="list-price">
          标准价 {formatYuan(listPriceFen)}
        </Text>
      ) : null}
    </View>
  );
}
