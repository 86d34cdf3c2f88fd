import { useRouter } from "@tarojs/taro";

import { getOrder } from "../api/orders";
import { useRemote, type RemoteState } from "../api/use-remote";
import type { OrderView } from "../../../shared/schemas/order";

/** Loads the order named by the page's orderId query parameter. */
export function useWarehouseOrder(): RemoteState<OrderView> & {
  orderId: string;
} {
  const orderId = useRouter().params.orderId ?? "";
  const remote = useRemote(() => getOrder(orderId), orderId, orderId !== "");
  return { ...remote, orderId };
}
