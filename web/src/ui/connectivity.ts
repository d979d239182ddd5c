import { h } from './dom';

/** A banner that says the browser is offline; pages keep showing what they last loaded. */
export function mountOfflineBanner(parent: HTMLElement): void {
  const banner = h('div', { className: 'offline-banner', role: 'status', 'aria-live': 'polite', hidden: true },
    'You are offline. The data shown may be out of date; it refreshes when the connection returns.');
  const update = (): void => {
    banner.hidden = navigator.onLine;
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
  parent.prepend(banner);
}

/** Runs `task` every `intervalMs` while the tab is visible and online, until the signal aborts. */
export function every(intervalMs: number, signal: AbortSignal, task: () => void): void {
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible' && navigator.onLine) task();
  }, intervalMs);
  const onOnline = (): void => task();
  window.addEventListener('online', onOnline);
  signal.addEventListener('abort', () => {
    clearInterval(timer);
    window.removeEventListener('online', onOnline);
  }, { once: true });
}
