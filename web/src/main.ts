import './styles.css';
import { DOCS_URL } from './config';
import { devicePage } from './pages/device-page';
import { devicesPage } from './pages/devices-page';
import { notFoundPage } from './pages/not-found-page';
import type { Page } from './pages/page';
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

function start(): void {
  const app = document.getElementById('app');
  if (!app) return;
  const { main, links } = layout(app);
  let controller: AbortController | null = null;
  let firstRender = true;

  const render = (): void => {
    controller?.abort();
    controller = new AbortController();
    const route = parseRoute(window.location.hash);
    const section = NAV_SECTION[route.name];
    for (const a of links) {
      if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    main.replaceChildren();
    const title = PAGES[route.name](main, route, controller.signal);
    document.title = `${title} · Portfolio`;
    // After in-app navigation, move focus to the new page's heading so screen readers announce it.
    if (!firstRender) main.querySelector<HTMLElement>('h1')?.focus();
    firstRender = false;
  };

  window.addEventListener('hashchange', render);
  render();
}

start();
