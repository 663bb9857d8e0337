import { useEffect, useReducer } from "preact/hooks";

/** A value shared outside the component tree (session, badges), with change listeners. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  update(change: (current: T) => T): void;
  subscribe(listener: () => void): () => void;
}

export const createStore = <T>(initial: T): Store<T> => {
  let value = initial;
  const listeners = new Set<() => void>();
  const set = (next: T) => {
    if (Object.is(next, value)) return;
    value = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    get: () => value,
    set,
    update: (change) => set(change(value)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};

/** Re-renders the component whenever the store changes. */
export const useStore = <T>(store: Store<T>): T => {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const seen = store.get();
  useEffect(() => {
    const rerender = () => bump(undefined);
    const unsubscribe = store.subscribe(rerender);
    // A change between render and this effect would otherwise be missed.
    if (!Object.is(seen, store.get())) rerender();
    return unsubscribe;
  }, [store]);
  return seen;
};
