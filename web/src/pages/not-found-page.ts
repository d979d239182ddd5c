import { h, replaceChildren } from '../ui/dom';
import type { Page } from './page';

export const notFoundPage: Page = (root) => {
  replaceChildren(root,
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', {}, 'There is no such page. ', h('a', { href: '#/status' }, 'Go to the system status'), '.'));
  return 'Not found';
};
