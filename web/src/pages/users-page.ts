import { ApiError, describeError } from '../api/api-error';
import { isAbort } from '../api/client';
import { CursorPager } from '../api/paging';
import { api } from '../api/portfolio-api';
import type { User } from '../api/types';
import { formatDateTime } from '../format/time';
import { avatarThumb } from '../images/image-panel';
import { confirmDialog } from '../ui/confirm-dialog';
import { h, replaceChildren } from '../ui/dom';
import { emptyView, errorView, loadingView } from '../ui/states';
import { statusBadge } from '../ui/status-badge';
import { userForm } from '../users/user-form';
import type { Page } from './page';

const PAGE_SIZE = 20;

export const usersPage: Page = (root, _route, signal) => {
  const listArea = h('div', {}, loadingView('Loading users…'));
  const announcer = h('p', { className: 'notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'users-notice' });
  const pageInfo = h('span', { className: 'muted' });
  const previousButton = h('button', { type: 'button', className: 'button', disabled: true }, '← Previous');
  const nextButton = h('button', { type: 'button', className: 'button', disabled: true }, 'Next →');
  const pager = new CursorPager();

  const form = userForm({
    onSubmit: () => void save(),
    onCancel: () => {
      form.edit(null);
      announcer.textContent = 'Edit cancelled.';
    },
  });

  replaceChildren(root,
    h('div', { className: 'page-head' }, h('h1', { tabindex: '-1' }, 'Users')),
    h('div', { className: 'users-layout' },
      form.element,
      h('section', { className: 'card', 'aria-labelledby': 'users-list-title' },
        h('h2', { id: 'users-list-title' }, 'All users'),
        announcer,
        listArea,
        h('div', { className: 'pager' }, previousButton, pageInfo, nextButton))));

  const userRow = (u: User): HTMLElement => {
    const edit = h('button', { type: 'button', className: 'button button-small', 'aria-label': `Edit ${u.username}` }, 'Edit');
    const del = h('button', { type: 'button', className: 'button button-small button-danger', 'aria-label': `Delete ${u.username}` }, 'Delete');
    edit.addEventListener('click', () => {
      form.edit(u);
      form.element.scrollIntoView({ block: 'start' });
      form.focusFirst();
    });
    del.addEventListener('click', () => void remove(u));
    return h('tr', { 'data-user-id': u.user_id },
      h('th', { scope: 'row', 'data-label': 'Username' }, avatarThumb(u.image_url, u.username), u.username),
      h('td', { 'data-label': 'Email', className: 'wide' }, u.email),
      h('td', { 'data-label': 'Status' }, statusBadge(u.status)),
      h('td', { 'data-label': 'Created' }, formatDateTime(u.created_at)),
      h('td', { 'data-label': 'Actions', className: 'actions' }, h('div', { className: 'row-actions' }, edit, del)));
  };

  const loadList = async (): Promise<void> => {
    previousButton.disabled = true;
    nextButton.disabled = true;
    replaceChildren(listArea, loadingView('Loading users…'));
    try {
      const page = await api.listUsers({ limit: PAGE_SIZE, cursor: pager.current }, signal);
      pager.loaded(page.next_cursor);
      if (page.items.length === 0 && pager.hasPrevious) {
        // The last page emptied (deletes): step back rather than show an empty page.
        pager.back();
        return loadList();
      }
      replaceChildren(listArea, page.items.length === 0
        ? emptyView('No users yet.', 'Add the first one with the form.')
        : h('div', { className: 'table-wrap' },
          h('table', { className: 'table responsive', 'data-testid': 'users-table' },
            h('caption', { className: 'visually-hidden' }, 'Users'),
            h('thead', {}, h('tr', {}, ['Username', 'Email', 'Status', 'Created', 'Actions']
              .map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, page.items.map(userRow)))));
      pageInfo.textContent = `Page ${pager.pageNumber}`;
      previousButton.disabled = !pager.hasPrevious;
      nextButton.disabled = !pager.hasNext;
    } catch (err) {
      if (isAbort(err)) return;
      if (err instanceof ApiError && err.code === 'VALIDATION_ERROR' && pager.current !== null) {
        pager.reset(); // a cursor that no longer works (e.g. after a restart with another secret)
        return loadList();
      }
      replaceChildren(listArea, errorView(err, () => void loadList()));
      previousButton.disabled = !pager.hasPrevious;
    }
  };

  const save = async (): Promise<void> => {
    const editing = form.editing();
    const input = form.values();
    form.clearErrors();
    form.setBusy(true);
    try {
      const saved = editing ? await api.replaceUser(editing.user_id, input, signal) : await api.createUser(input, signal);
      form.edit(null);
      announcer.textContent = editing ? `Saved ${saved.username}.` : `Created ${saved.username}.`;
      await loadList();
    } catch (err) {
      if (isAbort(err)) return;
      if (editing && err instanceof ApiError && err.code === 'USER_NOT_FOUND') {
        form.edit(null);
        announcer.textContent = `${editing.username} no longer exists; the list is reloaded.`;
        await loadList();
        return;
      }
      form.showErrors(err);
    } finally {
      form.setBusy(false);
    }
  };

  const remove = async (user: User): Promise<void> => {
    const confirmed = await confirmDialog({
      title: 'Delete user?',
      message: `Delete ${user.username} (${user.email})? This cannot be undone.`,
      confirmLabel: 'Delete',
    });
    if (!confirmed) return;
    try {
      await api.deleteUser(user.user_id, signal);
      announcer.textContent = `Deleted ${user.username}.`;
      if (form.editing()?.user_id === user.user_id) form.edit(null);
    } catch (err) {
      if (isAbort(err)) return;
      if (!(err instanceof ApiError && err.code === 'USER_NOT_FOUND')) {
        announcer.textContent = `Could not delete ${user.username}: ${describeError(err)}`;
        return;
      }
      announcer.textContent = `${user.username} was already deleted.`;
    }
    await loadList();
  };

  previousButton.addEventListener('click', () => {
    pager.back();
    void loadList();
  });
  nextButton.addEventListener('click', () => {
    pager.forward();
    void loadList();
  });

  void loadList();
  return 'Users';
};
