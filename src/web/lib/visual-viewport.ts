import type { RefObject } from "preact";
import { useEffect } from "preact/hooks";

/**
 * Keeps `--viewport-height` and `--viewport-top` on an element equal to the visual viewport (the
 * part of the page not covered by the on-screen keyboard), so a full-screen layout can keep its
 * bottom edge, the chat composer, above the keyboard on every phone browser.
 */
export const useVisualViewport = (ref: RefObject<HTMLElement>) => {
  useEffect(() => {
    const viewport = window.visualViewport;
    const element = ref.current;
    if (!viewport || !element) return;
    const update = () => {
      element.style.setProperty("--viewport-height", `${viewport.height}px`);
      element.style.setProperty("--viewport-top", `${viewport.offsetTop}px`);
    };
    update();
    viewport.addEventListener("resize", update);
    viewport.addEventListener("scroll", update);
    return () => {
      viewport.removeEventListener("resize", update);
      viewport.removeEventListener("scroll", update);
      element.style.removeProperty("--viewport-height");
      element.style.removeProperty("--viewport-top");
    };
  }, [ref]);
};
