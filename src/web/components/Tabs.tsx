export interface TabItem {
  id: string;
  label: string;
  href: string;
  count?: number | string;
}

/** Tabs that are links (each tab has its own URL, so it survives a reload and can be shared). */
export const Tabs = ({ items, active, label }: { items: TabItem[]; active: string; label: string }) => (
  <nav class="tabs" aria-label={label}>
    {items.map((item) => (
      <a key={item.id} href={item.href} class="tab" aria-current={item.id === active ? "page" : undefined}>
        {item.label}
        {item.count !== undefined && <span class="tab-count">{item.count}</span>}
      </a>
    ))}
  </nav>
);
