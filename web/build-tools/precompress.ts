// A Vite plugin that writes `name.gz` beside every built asset worth compressing, at build time, so
// that the API's static file server (and any CDN origin) can send gzip without compressing per request.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|map|txt|ico|webmanifest)$/;
/** Below this size the gzip framing costs more than it saves. */
const MIN_BYTES = 256;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Writes the .gz files of `dir`; returns how many it wrote. Kept only where gzip is smaller. */
export function precompressDirectory(dir: string): number {
  let written = 0;
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path)) continue;
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES) continue;
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= raw.length) continue;
    writeFileSync(`${path}.gz`, gz);
    written += 1;
  }
  return written;
}

export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'portfolio-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const n = precompressDirectory(outDir);
      this.info?.(`wrote ${n} .gz files`);
    },
  };
}
