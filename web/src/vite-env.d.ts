/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the API lives, e.g. https://api.example.com; unset means the dashboard's own origin. */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
