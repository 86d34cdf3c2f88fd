import { useCallback, useRef, useState } from "react";

import type { OrderView } from "../../../../shared/schemas/order";
import { listOrders } from "../../api/orders";
import { signOutIfUnauthenticated } from "../../session/use-session";

// Enough recent orders to rank frequent items without paging.
const RECENT_ORDER_COUNT = 50;

export interface RecentOrdersState {
  orders: OrderView[];
  isLoading: boolean;
  error: unknown;
  reload: () => void;
}

/** Loads the latest orders of the caller, or of one customer for staff. */
export function useRecentOrders(
  customerId: string | undefined,
): RecentOrdersState {
  const [orders, setOrders] = useState<OrderView[]>([]);
  const [isLoading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latestRequest = useRef(0);

  const reload = useCallback(() => {
    const request = ++latestRequest.current;
    setLoading(true);
    setError(null);
    listOrders({ limit: RECENT_ORDER_COUNT, customerId }).then(
      (page) => {
        if (request !== latestRequest.current) return;
        setOrders(page.items);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latestRequest.current) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
        setLoading(false);
      },
    );
  }, [customerId]);

  return { orders, isLoading, error, reload };
}
