/**
 * Registers `/sw.js` (src/web/public/sw.js: the offline shell, and later push) once the page has
 * loaded, so it never competes with the first load. Not in the Vite dev server (no build, no shell).
 */
export const registerServiceWorker = () => {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  const register = () => {
    navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  };
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
};
