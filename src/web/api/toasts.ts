import { createStore } from "../lib/store";

export interface Toast {
  id: number;
  text: string;
  href?: string;
}

export const toasts = createStore<Toast[]>([]);
let nextId = 1;

export const showToast = (text: string, href?: string) => {
  const toast: Toast = { id: nextId++, text, href };
  toasts.update((list) => [...list.slice(-3), toast]);
  setTimeout(() => dismissToast(toast.id), 6000);
};

export const dismissToast = (id: number) => toasts.update((list) => list.filter((toast) => toast.id !== id));
