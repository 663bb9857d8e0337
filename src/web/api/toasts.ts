import { createStore } from "../lib/store";

export interface Toast {
  id: number;
  text: string;
  href?: string;
  tone: "info" | "error";
}

export const toasts = createStore<Toast[]>([]);
let nextId = 1;

export const showToast = (text: string, options: { href?: string; tone?: Toast["tone"] } = {}) => {
  const toast: Toast = { id: nextId++, text, href: options.href, tone: options.tone ?? "info" };
  toasts.update((list) => [...list.slice(-3), toast]);
  setTimeout(() => dismissToast(toast.id), 6000);
};

export const dismissToast = (id: number) => toasts.update((list) => list.filter((toast) => toast.id !== id));
