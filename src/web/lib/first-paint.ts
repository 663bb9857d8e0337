import { useEffect, useState } from "preact/hooks";

/**
 * The first `count` items at once, all of them from the frame after (preact runs effects after
 * the paint): a long list's first screenful paints without waiting for the layout of the rest, and
 * the work is split into two shorter tasks. `complete` says when everything is shown, for what
 * sits below the list (it must not appear early and be pushed down).
 */
export const useFirstPaintSlice = <T>(items: T[], count: number) => {
  const [all, setAll] = useState(false);
  const cut = !all && items.length > count;
  useEffect(() => {
    if (cut) setAll(true);
  }, [cut]);
  return { shown: cut ? items.slice(0, count) : items, complete: !cut };
};
