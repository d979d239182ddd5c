// Lighthouse (performance, accessibility, best practices, SEO) on the status, devices and device
// pages, desktop and mobile, against the real portfolio-api serving dist/ on a store of its own.
// Fails under MIN_SCORE in any category or at a cumulative layout shift of MAX_CLS or more, and
// writes the scores to test-results/lighthouse/ (summary.json, summary.md and one report per run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regularReadings, seedReadings } from '../e2e/seed';
import { RESULTS_DIR, type RunningServer, startServer } from '../e2e/server';

const MIN_SCORE = 95;
/** Runs per page and form factor; the median of each figure counts (Lighthouse's advice on variance). */
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const MAX_CLS = 0.1;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const OUT_DIR = join(RESULTS_DIR, 'lighthouse');
const DEVICE = 'sensor-lighthouse';
const PAGES = [
  ['status', '/#/status'],
  ['devices', '/#/devices'],
  ['device', `/#/devices/${DEVICE}?window=24h`],
] as const;
const FORM_FACTORS = ['desktop', 'mobile'] as const;
/** LIGHTHOUSE_PAGES=device,status audits only those pages (all by default). */
const ONLY = (process.env.LIGHTHOUSE_PAGES ?? '').split(',').filter(Boolean);

interface Row { page: string; formFactor: string; scores: Record<string, number>; cls: number }

describe('Lighthouse', () => {
  let server: RunningServer;
  let chrome: chromeLauncher.LaunchedChrome;
  const rows: Row[] = [];

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    server = await startServer('api-lighthouse.log');
    const now = Date.now();
    await seedReadings(server.baseUrl, [
      ...regularReadings(DEVICE, 24, 5, now),
      ...Array.from({ length: 30 }, (_, i) => ({ device_id: `sensor-${String(i).padStart(2, '0')}`, timestamp: now - i * 60_000,
        temperature: 20 + i / 10, humidity: 40, status: (i === 7 ? 'error' : 'active') as 'error' | 'active', battery_level: i === 3 ? 9 : 80 })),
    ]);
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
  }, 120_000);

  afterAll(async () => {
    await chrome?.kill();
    await server?.stop();
    if (rows.length === 0) return;
    writeFileSync(join(OUT_DIR, 'summary.json'), `${JSON.stringify(rows, null, 2)}\n`);
    const lines = ['| page | form factor | performance | accessibility | best practices | SEO | CLS |', '|---|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.page} | ${r.formFactor} | ${CATEGORIES.map((c) => r.scores[c]).join(' | ')} | ${r.cls.toFixed(3)} |`)];
    writeFileSync(join(OUT_DIR, 'summary.md'), `${lines.join('\n')}\n`);
  });

  for (const [name, path] of PAGES.filter(([n]) => ONLY.length === 0 || ONLY.includes(n))) {
    for (const formFactor of FORM_FACTORS) {
      it(`${name} page, ${formFactor}: every category >= ${MIN_SCORE}, CLS < ${MAX_CLS} (median of ${RUNS})`, async () => {
        const flags = { port: chrome.port, output: 'json' as const, logLevel: 'error' as const, onlyCategories: [...CATEGORIES] };
        const runs: { scores: Record<string, number>; cls: number; failing: string[] }[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const result = await lighthouse(`${server.baseUrl}${path}`, flags, formFactor === 'desktop' ? desktopConfig : undefined);
          if (!result) throw new Error('Lighthouse returned no result');
          const { lhr } = result;
          writeFileSync(join(OUT_DIR, `${name}-${formFactor}-${run + 1}.json`), typeof result.report === 'string' ? result.report : JSON.stringify(lhr));
          const failing = Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
            .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
          runs.push({
            scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
            cls: Number(lhr.audits['cumulative-layout-shift']?.numericValue ?? 1),
            failing,
          });
        }
        const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, median(runs.map((r) => r.scores[c] as number))]));
        const cls = median(runs.map((r) => r.cls));
        rows.push({ page: name, formFactor, scores, cls });
        const failing = [...new Set(runs.flatMap((r) => r.failing))];
        console.log(`${name} ${formFactor}: median ${JSON.stringify(scores)} CLS ${cls.toFixed(3)}; runs ` +
          `${runs.map((r) => CATEGORIES.map((c) => r.scores[c]).join('/')).join(', ')}${failing.length ? `; below 0.9 in a run: ${failing.join(', ')}` : ''}`);
        for (const c of CATEGORIES) expect(scores[c], `${c} (${failing.join(', ')})`).toBeGreaterThanOrEqual(MIN_SCORE);
        expect(cls).toBeLessThan(MAX_CLS);
      }, 180_000 * RUNS);
    }
  }
});
