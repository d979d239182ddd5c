import { ApiError } from '../api/api-error';
import { isAbort } from '../api/client';
import { api } from '../api/portfolio-api';
import type { DbHealth, DetailedHealth, Health } from '../api/types';
import { DOCS_URL, REDOC_URL } from '../config';
import { formatBytes, formatCount, formatMilliseconds } from '../format/numbers';
import { formatDateTime, formatDuration } from '../format/time';
import { architectureDiagram } from '../ui/architecture-diagram';
import { every } from '../ui/connectivity';
import { h, replaceChildren } from '../ui/dom';
import { errorView } from '../ui/states';
import { statusBadge } from '../ui/status-badge';
import { type Outcome, overallState, settle } from '../health/overall-state';
import type { Page } from './page';

const REFRESH_MS = 15_000;

function facts(rows: [string, string | Node][]): HTMLElement {
  return h('dl', { className: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function card(title: string, testId: string, body: Node): HTMLElement {
  return h('section', { className: 'card', 'data-testid': testId, 'aria-labelledby': `${testId}-title` },
    h('h2', { id: `${testId}-title` }, title), body);
}

/** The facts a card will show, with their values still to come: the same size as the answer. */
function skeleton(labels: string[]): HTMLElement {
  return facts(labels.map((l) => [l, h('span', { className: 'muted', 'aria-hidden': 'true' }, '…')]));
}

function healthBody(o: Outcome<Health>): Node {
  if (!o.ok) return errorView(o.error);
  return facts([
    ['Status', statusBadge(o.value.status)],
    ['Service', o.value.service],
    ['Version', o.value.version],
    ['Uptime', formatDuration(o.value.uptime_seconds)],
  ]);
}

function dbBody(o: Outcome<DbHealth>): Node {
  if (!o.ok) {
    const unavailable = o.error instanceof ApiError && o.error.status === 503;
    return unavailable
      ? facts([['Status', statusBadge('unhealthy')], ['Database', statusBadge('unavailable')]])
      : errorView(o.error);
  }
  return facts([
    ['Status', statusBadge(o.value.status)],
    ['Database', statusBadge(o.value.database)],
    ['Back end', o.value.backend],
    ['Round trip', formatMilliseconds(o.value.response_time_ms)],
  ]);
}

function detailedBody(o: Outcome<DetailedHealth>): Node {
  if (!o.ok) return errorView(o.error);
  const d = o.value;
  return facts([
    ['Status', statusBadge(d.status)],
    ['Build', `${d.build?.commit ?? '—'} · ${d.build?.build_type ?? '—'}`],
    ['Compiler', d.build?.compiler ?? '—'],
    ['Requests served', formatCount(d.requests_total)],
    ['Client errors (4xx)', formatCount(d.errors_4xx_total)],
    ['Server errors (5xx)', formatCount(d.errors_5xx_total)],
    ['Memory (RSS)', formatBytes(d.memory?.rss_bytes)],
  ]);
}

const OVERALL_TEXT = {
  healthy: 'All systems healthy',
  degraded: 'Degraded: the service is up but its store is not healthy',
  unreachable: 'The server is not answering. Checking again every 15 s.',
};

export const statusPage: Page = (root, _route, signal) => {
  const overall = h('p', { className: 'overall', role: 'status', 'aria-live': 'polite', 'data-testid': 'overall-status' },
    'Checking the service…');
  const checkedAt = h('p', { className: 'muted checked-at' }, '\u00a0');
  const refreshButton = h('button', { type: 'button', className: 'button' }, 'Check again');
  // The three cards are there from the start, each the height it will have, so nothing moves later.
  const bodies = {
    api: h('div', { className: 'card-body' }, skeleton(['Status', 'Service', 'Version', 'Uptime'])),
    db: h('div', { className: 'card-body' }, skeleton(['Status', 'Database', 'Back end', 'Round trip'])),
    detailed: h('div', { className: 'card-body' }, skeleton(['Status', 'Build', 'Compiler', 'Requests served',
      'Client errors (4xx)', 'Server errors (5xx)', 'Memory (RSS)'])),
  };
  const grid = h('div', { className: 'cards' },
    card('API service', 'health-api', bodies.api),
    card('Database', 'health-db', bodies.db),
    card('Runtime', 'health-detailed', bodies.detailed));

  replaceChildren(root,
    h('div', { className: 'page-head' },
      h('h1', { tabindex: '-1' }, 'System status'),
      refreshButton),
    overall,
    checkedAt,
    grid,
    h('section', { className: 'card', 'aria-labelledby': 'arch-heading' },
      h('h2', { id: 'arch-heading' }, 'Architecture'),
      architectureDiagram()),
    h('section', { className: 'card', 'aria-labelledby': 'docs-heading' },
      h('h2', { id: 'docs-heading' }, 'API documentation'),
      h('p', {}, 'The API is described by an OpenAPI document: ',
        h('a', { href: DOCS_URL }, 'Swagger UI'), ' or ', h('a', { href: REDOC_URL }, 'ReDoc'), '.')));

  let running = false;
  const check = async (): Promise<void> => {
    if (running) return;
    running = true;
    refreshButton.setAttribute('aria-busy', 'true');
    try {
      const [health, db, detailed] = await Promise.all([
        settle(api.health(signal)),
        settle(api.dbHealth(signal)),
        settle(api.detailedHealth(signal)),
      ]);
      if (signal.aborted || [health, db, detailed].some((o) => !o.ok && isAbort(o.error))) return;
      const state = overallState(health, db);
      overall.dataset.state = state;
      replaceChildren(overall, statusBadge(state === 'healthy' ? 'healthy' : 'unhealthy'), ' ', OVERALL_TEXT[state]);
      checkedAt.textContent = `Checked ${formatDateTime(Date.now())}`;
      replaceChildren(bodies.api, healthBody(health));
      replaceChildren(bodies.db, dbBody(db));
      replaceChildren(bodies.detailed, detailedBody(detailed));
    } finally {
      running = false;
      refreshButton.removeAttribute('aria-busy');
    }
  };

  refreshButton.addEventListener('click', () => void check());
  every(REFRESH_MS, signal, () => void check());
  void check();
  return 'System status';
};
