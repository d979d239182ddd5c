import type { Route } from '../router';

/** What a page gives back: its document title and, optionally, how it follows a change of its own URL. */
export interface PageHandle {
  title: string;
  /**
   * Called instead of a fresh render when only the query of the page's own route changed (Back,
   * Forward, or the page writing its state into the URL), so that the page keeps focus and data.
   */
  update?: (route: Route) => void;
}

/**
 * A page renders into `root` and keeps working (timers, requests) until `signal` aborts, which happens
 * when the user navigates away. It returns the title for the document, or a handle.
 */
export type Page = (root: HTMLElement, route: Route, signal: AbortSignal) => string | PageHandle;
