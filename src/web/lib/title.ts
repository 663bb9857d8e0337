import { useEffect } from "preact/hooks";

/** The tab title (screen readers announce it on navigation). */
export const useTitle = (title: string) => {
  useEffect(() => {
    document.title = title ? `${title} · OrGo` : "OrGo";
  }, [title]);
};
