import type { ReactNode } from "react";
import { Text, View } from "@tarojs/components";

import type { OrderView } from "../../../shared/schemas/order";
import type { RemoteState } from "../api/use-remote";
import { RemoteLoadState } from "../components/load-state";

interface WarehouseOrderCardProps {
  remote: RemoteState<OrderView>;
  statusLabel: string;
  /** Lines shown in the card below the customer's name. */
  children?: ReactNode;
}

/**
 * Shows the loading state of a warehouse page's order, then a card with
 * its number, a status badge and the customer.
 */
export function WarehouseOrderCard({
  remote,
  statusLabel,
  children,
}: WarehouseOrderCardProps) {
  const order = remote.data;
  return (
    <>
      <RemoteLoadState remote={remote} />
      {order ? (
        <View className="card">
          <View className="wh-row__head">
            <Text className="wh-row__no" data-testid="order-no">
              {order.orderNo}
            </Text>
            <Text className="status-badge">{statusLabel}</Text>
          </View>
          <Text className="wh-row__customer">{order.customerName}</Text>
          {children}
        </View>
      ) : null}
    </>
  );
}
