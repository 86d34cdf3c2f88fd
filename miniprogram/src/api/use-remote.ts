import { useCallback, useEffect, useRef, useState } from "react";

import { signOutIfUnauthenticated } from "../session/use-session";

export interface RemoteState<T> {
  /** The last successful reply; kept while a reload runs or fails. */
  data: T | null;
  isLoading: boolean;
  error: unknown;
  reload: () => void;
}

export interface RemoteOptions {
  /**
   * Whether an UNAUTHENTICATED reply signs the user out (default true).
   * A page opened by a share link turns it off, because there the code
   * means the link is invalid, not that the session ended.
   */
  signsOutOnUnauthenticated?: boolean;
}

/**
 * Calls `load` when the page mounts and whenever `key` changes, keeping
 * only the reply to the latest call. A failure keeps the previous data on
 * screen next to the error. `key` must change whenever `load` asks for
 * something else, e.g. a different date.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  key: string,
  isEnabled = true,
  options: RemoteOptions = {},
): RemoteState<T> {
  const [data, setData] = useState<T | null>(null);
  const [isLoading, setLoading] = useState(isEnabled);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const signsOutRef = useRef(options.signsOutOnUnauthenticated ?? true);
  signsOutRef.current = options.signsOutOnUnauthenticated ?? true;

  const reload = useCallback(() => {
    const call = latest.current + 1;
    latest.current = call;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (reply) => {
        if (latest.current !== call) return;
        setData(reply);
        setLoading(false);
      },
      (failure: unknown) => {
        if (latest.current !== call) return;
        if (signsOutRef.current) signOutIfUnauthenticated(failure);
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    if (isEnabled) reload();
  }, [reload, key, isEnabled]);

  return { data, isLoading, error, reload };
}
