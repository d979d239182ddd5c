import { defineConfig } from 'vite';
import { precompress } from './build-tools/precompress';

// The API the dev server forwards to (`npm run dev` next to a running portfolio-api).
const devApi = process.env.DEV_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  // Relative asset URLs: the same dist/ works from an S3 bucket root, a CloudFront path or STATIC_DIR.
  base: './',
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': devApi,
      '/health': devApi,
      '/docs': devApi,
      '/redoc': devApi,
      '/openapi.json': devApi,
    },
  },
});
