import type { Route } from '../router';

/**
 * A page renders into `root` and keeps working (timers, requests) until `signal` aborts, which happens
 * when the user navigates away. It returns the title for the document.
 */
export type Page = (root: HTMLElement, route: Route, signal: AbortSignal) => string;
