// Starts the real portfolio-api binary on the embedded SQLite store, serving the built dashboard
// (STATIC_DIR=dist) on a free loopback port. Used by global-setup (the shared server) and by tests
// that need a store of their own (the 10,000-device fleet).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const WEB_DIR = resolve(import.meta.dirname, '..');
export const DIST_DIR = join(WEB_DIR, 'dist');
export const RESULTS_DIR = join(WEB_DIR, 'test-results');
const DEFAULT_BINARY = resolve(WEB_DIR, '..', 'build', 'release', 'src', 'app', 'portfolio-api');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`portfolio-api exited with code ${child.exitCode}; see test-results/${logName}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`portfolio-api did not answer /health within ${timeoutMs} ms`);
}

export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

export async function startServer(logName = 'api.log', env: Record<string, string> = {}): Promise<RunningServer> {
  const binary = process.env.PORTFOLIO_API_BIN ?? DEFAULT_BINARY;
  if (!existsSync(binary)) {
    throw new Error(`portfolio-api not found at ${binary}: build it with ` +
      '`cmake --preset release && cmake --build --preset release --target portfolio-api`, or set PORTFOLIO_API_BIN');
  }
  if (!existsSync(join(DIST_DIR, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');

  mkdirSync(RESULTS_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'portfolio-web-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(RESULTS_DIR, logName));
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STORAGE: 'sqlite',
      SQLITE_PATH: join(dataDir, 'portfolio.db'),
      STATIC_DIR: DIST_DIR,
      LOG_LEVEL: 'warn',
      // The browser tests send a few hundred requests a minute from one IP; limits are tested elsewhere.
      RATE_LIMIT_ENABLED: 'false',
      SHUTDOWN_GRACE_SECONDS: '0',
      METRICS_FLUSH_SECONDS: '3600',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, logName, 15_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, stop };
}

/**
 * Whether the binary has the fleet API (issue 10: device filters, /devices/stats, series). Tests that
 * need it are skipped, and say so, against a binary built before it was merged.
 */
export async function hasFleetApi(baseUrl: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/v1/devices/stats`, { signal: AbortSignal.timeout(5000) });
  await response.text();
  return response.status === 200;
}
