import './styles.css';
import { DOCS_URL } from './config';
import { devicePage } from './pages/device-page';
import { devicesPage } from './pages/devices-page';
import { notFoundPage } from './pages/not-found-page';
import type { Page, PageHandle } from './pages/page';
import { statusPage } from './pages/status-page';
import { usersPage } from './pages/users-page';
import { type Route, parseRoute } from './router';
import { mountOfflineBanner } from './ui/connectivity';
import { h, replaceChildren } from './ui/dom';

const PAGES: Record<Route['name'], Page> = {
  status: statusPage,
  devices: devicesPage,
  device: devicePage,
  users: usersPage,
  'not-found': notFoundPage,
};

/** Which top-level nav entry a route belongs to. */
const NAV_SECTION: Record<Route['name'], string | null> = {
  status: 'status',
  devices: 'devices',
  device: 'devices',
  users: 'users',
  'not-found': null,
};

function layout(app: HTMLElement): { main: HTMLElement; links: HTMLAnchorElement[] } {
  const links = [
    h('a', { href: '#/status', 'data-section': 'status' }, 'Status'),
    h('a', { href: '#/devices', 'data-section': 'devices' }, 'Devices'),
    h('a', { href: '#/users', 'data-section': 'users' }, 'Users'),
  ];
  const main = h('main', { id: 'main', tabindex: '-1' });
  replaceChildren(app,
    h('header', { className: 'site-header' },
      h('a', { className: 'brand', href: '#/status' }, 'Portfolio'),
      h('nav', { 'aria-label': 'Main' },
        h('ul', {}, links.map((a) => h('li', {}, a)),
          h('li', {}, h('a', { href: DOCS_URL, className: 'external' }, 'API docs'))))),
    main,
    h('footer', { className: 'site-footer' }, 'Times are shown in your time zone. ',
      h('a', { href: DOCS_URL }, 'API reference')));
  mountOfflineBanner(app);
  return { main, links };
}

/** Two routes are the same page when only their query differs. */
function samePage(a: Route, b: Route): boolean {
  if (a.name !== b.name) return false;
  if (a.name === 'device' && b.name === 'device') return a.deviceId === b.deviceId;
  return a.name !== 'not-found';
}

function start(): void {
  const app = document.getElementById('app');
  if (!app) return;
  const { main, links } = layout(app);
  let controller: AbortController | null = null;
  let firstRender = true;
  let current: { route: Route; handle: PageHandle } | null = null;

  const render = (): void => {
    const route = parseRoute(window.location.hash);
    if (current?.handle.update && samePage(current.route, route)) {
      current = { route, handle: current.handle };
      current.handle.update?.(route);
      return;
    }
    controller?.abort();
    controller = new AbortController();
    const section = NAV_SECTION[route.name];
    for (const a of links) {
      if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    main.replaceChildren();
    const result = PAGES[route.name](main, route, controller.signal);
    const handle: PageHandle = typeof result === 'string' ? { title: result } : result;
    current = { route, handle };
    document.title = `${handle.title} · Portfolio`;
    // After in-app navigation, move focus to the new page's heading so screen readers announce it.
    if (!firstRender) main.querySelector<HTMLElement>('h1')?.focus();
    firstRender = false;
  };

  window.addEventListener('hashchange', render);
  render();
}

start();
