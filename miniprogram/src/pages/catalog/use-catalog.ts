import { useCallback, useEffect } from "react";

import type { SkuView } from "../../../../shared/schemas/catalog";
import { listCatalog } from "../../api/catalog";
import { usePagedList } from "../../api/use-paged-list";

const PAGE_SIZE = 20;

export interface CatalogState {
  skus: SkuView[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  loadMore: () => void;
  /** Loads the first page again after a failure. */
  retry: () => void;
}

/**
 * Loads catalog pages for a search and a customer, starting over when
 * either changes. A reply that arrives after a newer request started is
 * dropped, so a slow old search never replaces a newer one.
 */
export function useCatalog(
  search: string,
  customerId: string | undefined,
  isEnabled: boolean,
): CatalogState {
  const fetchPage = useCallback(
    (cursor: string | undefined) =>
      listCatalog({ cursor, limit: PAGE_SIZE, search: search || undefined, customerId }),
    [search, customerId],
  );
  const list = usePagedList(fetchPage);
  const { reload } = list;

  useEffect(() => {
    if (isEnabled) reload();
  }, [reload, isEnabled]);

  return {
    skus: list.items,
    hasMore: list.hasMore,
    isLoading: list.isLoading,
    error: list.error,
    loadMore: list.loadMore,
    retry: reload,
  };
}
