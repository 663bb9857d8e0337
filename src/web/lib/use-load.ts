import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { t } from "../i18n";

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  /** The failed answer's HTTP status (0: no answer at all), so a page can tell "gone" from "try again". */
  errorStatus: number | null;
  loading: boolean;
  reload: () => void;
  setData: (change: T | ((current: T | undefined) => T | undefined)) => void;
}

/** Loads once per `key`; answers to an older key are dropped (fast tab switches). */
export const useLoad = <T>(load: () => Promise<T>, key: string): Loaded<T> => {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // Bumped by setData: an answer that was in flight before a local change (a follow, a like) is stale.
  const generation = useRef(0);

  // `key` and `round` are the triggers; `load` is read through a ref so a new closure does not reload.
  useEffect(() => {
    let current = true;
    const started = ++generation.current;
    const fresh = () => current && started === generation.current;
    setLoading(true);
    setError(null);
    setErrorStatus(null);
    loadRef.current().then(
      (value) => {
        if (!fresh()) return;
        setDataState(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!fresh()) return;
        setError(failure instanceof Error ? failure.message : t("common.loadFailed"));
        setErrorStatus(failure instanceof ApiError ? failure.status : 0);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const setData = useCallback((change: T | ((current: T | undefined) => T | undefined)) => {
    generation.current++;
    setLoading(false);
    setDataState((current) => (change instanceof Function ? change(current) : change));
  }, []);
  return { data, error, errorStatus, loading, reload, setData };
};

export interface CursorList<T> {
  items: T[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (change: (items: T[]) => T[]) => void;
}

/** A cursor-paged list: first page on `key` change, then more on demand. */
export const useCursorList = <T>(
  loadPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  key: string,
): CursorList<T> => {
  const [items, setItemsState] = useState<T[]>([]);
  const [itemsKey, setItemsKey] = useState(key);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;
  const keyRef = useRef(key);

  const fetchPage = useCallback(async (from: string | undefined, reset: boolean) => {
    const forKey = keyRef.current;
    setLoading(true);
    setError(null);
    try {
      const page = await loadRef.current(from);
      if (forKey !== keyRef.current) return;
      setItemsState((current) => (reset ? page.items : [...current, ...page.items]));
      setItemsKey(forKey);
      setCursor(page.nextCursor);
    } catch (failure) {
      if (forKey !== keyRef.current) return;
      if (reset) {
        setItemsState([]);
        setItemsKey(forKey);
      }
      setError(failure instanceof Error ? failure.message : t("common.loadFailed"));
    } finally {
      if (forKey === keyRef.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    keyRef.current = key;
    setItemsState([]);
    setCursor(null);
    void fetchPage(undefined, true);
  }, [key, fetchPage]);

  // Until the new key's first page is in, the old key's items must not be shown (they may be another type).
  const fresh = itemsKey === key;
  return {
    items: fresh ? items : [],
    loading: loading || !fresh,
    error,
    hasMore: fresh && cursor !== null,
    reload: () => void fetchPage(undefined, true),
    loadMore: () => {
      if (cursor && !loading) void fetchPage(cursor, false);
    },
    setItems: (change) => setItemsState(change),
  };
};

/** Runs an action, tracking busy/error for the button that started it. */
export const useAction = () => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : t("common.actionFailed"));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
};
