import { useCallback } from "react";

import type { OrderStatus } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { listOrders } from "../../api/orders";
import { usePagedList } from "../../api/use-paged-list";

const PAGE_SIZE = 20;

export interface OrdersState {
  orders: OrderView[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  /** Loads the first page again, e.g. when the page shows. */
  reload: () => void;
  loadMore: () => void;
}

/**
 * Pages through the orders the caller may see, optionally only those in
 * `statuses`. The function picks the orders: a customer gets their own, a
 * clerk all. Pass a list that keeps its identity between renders, such as
 * a constant, because a new list loads the first page again.
 */
export function useOrders(
  statuses: readonly OrderStatus[] | undefined,
  customerId?: string,
): OrdersState {
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      listOrders({ cursor, limit: PAGE_SIZE, statuses, customerId }),
    [statuses, customerId],
  );
  const list = usePagedList(fetchPage);
  return { ...list, orders: list.items };
}
