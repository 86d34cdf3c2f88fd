import { useCallback, useEffect } from "react";

import type { CustomerView } from "../../../../shared/schemas/customer";
import { listCustomers } from "../../api/customers";
import { usePagedList } from "../../api/use-paged-list";

const PAGE_SIZE = 20;

export interface CustomerListState {
  customers: CustomerView[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  reload: () => void;
  loadMore: () => void;
}

/**
 * Pages the customers the caller may order for, with their debt. A reply
 * to an older search is dropped when a newer one started.
 */
export function useCustomerList(search: string): CustomerListState {
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      listCustomers({ cursor, limit: PAGE_SIZE, search: search || undefined }),
    [search],
  );
  const list = usePagedList(fetchPage);
  const { reload } = list;

  useEffect(() => {
    reload();
  }, [reload]);

  return { ...list, customers: list.items };
}
