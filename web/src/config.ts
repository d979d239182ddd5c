// Where the API lives. Empty means same origin (the API serves the dashboard locally, and CloudFront
// routes /api/* to the load balancer in AWS). Set VITE_API_BASE_URL at build time to point elsewhere.
export const API_BASE_URL: string = (import.meta.env.VITE_API_BASE_URL ?? '').replace(/\/+$/, '');

/** The API's own documentation pages. */
export const DOCS_URL = `${API_BASE_URL}/docs`;
export const REDOC_URL = `${API_BASE_URL}/redoc`;
