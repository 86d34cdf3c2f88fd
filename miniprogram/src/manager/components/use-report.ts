import { useCallback, useEffect, useRef, useState } from "react";

import type { Page } from "../../../../shared/schemas/common";
import { signOutIfUnauthenticated } from "../../session/use-session";

export interface ReportState<T> {
  data: T | null;
  isLoading: boolean;
  error: unknown;
  reload: () => void;
}

/**
 * Loads a report whenever its key (the filters as text) changes. A reply
 * that arrives after a newer request started is dropped.
 */
export function useReport<T>(
  key: string,
  load: () => Promise<T>,
): ReportState<T> {
  const [data, setData] = useState<T | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const request = ++latest.current;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (request !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latest.current) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(reload, [key, reload]);
  return { data, isLoading, error, reload };
}

export interface PagedReport<Row> {
  rows: Row[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  loadMore: () => void;
}

/** Pages through a report by its cursor, starting again when the filters change. */
export function usePagedReport<Row>(
  key: string,
  load: (cursor: string | undefined) => Promise<Page<Row>>,
): PagedReport<Row> {
  const [rows, setRows] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((after: string | undefined) => {
    const request = ++latest.current;
    setLoading(true);
    setError(null);
    loadRef.current(after).then(
      (page) => {
        if (request !== latest.current) return;
        setRows((loaded) => (after ? [...loaded, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (request !== latest.current) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => fetchPage(undefined), [key, fetchPage]);
  const loadMore = useCallback(() => {
    if (cursor && !isLoading) fetchPage(cursor);
  }, [cursor, isLoading, fetchPage]);

  return { rows, hasMore: cursor !== null, isLoading, error, loadMore };
}
