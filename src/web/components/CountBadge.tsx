import { countLabel } from "../lib/format";

/** A red count on a navigation icon; screen readers hear `label` instead of the digits. */
export const CountBadge = ({ count, label }: { count: number; label: string }) =>
  count > 0 ? (
    <span class="count-badge">
      <span aria-hidden="true">{countLabel(count)}</span>
      <span class="sr-only">{label}</span>
    </span>
  ) : null;
