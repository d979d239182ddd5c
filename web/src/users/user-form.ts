import type { User, UserInput, UserStatus } from '../api/types';
import { h } from '../ui/dom';
import { FIELDS_MESSAGE, type FormErrors, mapFieldErrors } from './field-errors';

export const USER_FIELDS = ['username', 'email', 'status'] as const;

export interface UserForm {
  element: HTMLFormElement;
  /** Switches to editing `user`, or back to creating a new one with null. */
  edit(user: User | null): void;
  editing(): User | null;
  values(): UserInput;
  showErrors(err: unknown): void;
  clearErrors(): void;
  setBusy(busy: boolean): void;
  focusFirst(): void;
}

/**
 * The create/edit form. It does not second-guess the API's rules: the API validates, and its field
 * errors are shown next to the fields they concern (aria-invalid plus a described-by message).
 */
export function userForm(handlers: { onSubmit: () => void; onCancel: () => void }): UserForm {
  const heading = h('h2', { id: 'user-form-title' }, 'Add a user');
  const formError = h('p', { className: 'form-error', role: 'alert', id: 'user-form-error', hidden: true });
  const inputs = {
    username: h('input', { id: 'user-username', name: 'username', type: 'text', autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': 'user-username-hint user-username-error' }),
    email: h('input', { id: 'user-email', name: 'email', type: 'email', autocomplete: 'off',
      'aria-describedby': 'user-email-error' }),
    status: h('select', { id: 'user-status', name: 'status', 'aria-describedby': 'user-status-error' },
      h('option', { value: 'active' }, 'Active'), h('option', { value: 'inactive' }, 'Inactive')),
  };
  const errors = {
    username: h('p', { className: 'field-error', id: 'user-username-error' }),
    email: h('p', { className: 'field-error', id: 'user-email-error' }),
    status: h('p', { className: 'field-error', id: 'user-status-error' }),
  };
  const submit = h('button', { type: 'submit', className: 'button button-primary' }, 'Create user');
  const cancel = h('button', { type: 'button', className: 'button', hidden: true }, 'Cancel');
  let current: User | null = null;

  const element = h('form', { className: 'card user-form', novalidate: true, 'aria-labelledby': 'user-form-title' },
    heading,
    formError,
    h('div', { className: 'field' }, h('label', { for: 'user-username' }, 'Username'), inputs.username,
      h('p', { className: 'hint', id: 'user-username-hint' }, '3–50 letters, digits or _'), errors.username),
    h('div', { className: 'field' }, h('label', { for: 'user-email' }, 'Email'), inputs.email, errors.email),
    h('div', { className: 'field' }, h('label', { for: 'user-status' }, 'Status'), inputs.status, errors.status),
    h('div', { className: 'form-actions' }, submit, cancel));

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onSubmit();
  });
  cancel.addEventListener('click', () => handlers.onCancel());

  const clearErrors = (): void => {
    formError.hidden = true;
    formError.textContent = '';
    for (const f of USER_FIELDS) {
      errors[f].textContent = '';
      inputs[f].removeAttribute('aria-invalid');
    }
  };

  // A field's error goes as soon as the user starts correcting that field.
  for (const f of USER_FIELDS) {
    inputs[f].addEventListener('input', () => {
      if (!errors[f].textContent) return;
      errors[f].textContent = '';
      inputs[f].removeAttribute('aria-invalid');
      if (USER_FIELDS.every((g) => !errors[g].textContent) && formError.dataset.kind === 'fields') {
        formError.hidden = true;
        formError.textContent = '';
      }
    });
  }

  const showErrors = (err: unknown): void => {
    clearErrors();
    const mapped: FormErrors = mapFieldErrors(err, USER_FIELDS);
    let first: HTMLElement | null = null;
    for (const f of USER_FIELDS) {
      const message = mapped.fields[f];
      if (!message) continue;
      errors[f].textContent = message;
      inputs[f].setAttribute('aria-invalid', 'true');
      first ??= inputs[f];
    }
    if (mapped.form) {
      formError.textContent = mapped.form;
      formError.hidden = false;
      // Only the generic "correct the fields" line goes away with the field errors it speaks of.
      formError.dataset.kind = mapped.form === FIELDS_MESSAGE ? 'fields' : 'form';
    }
    first?.focus();
  };

  return {
    element,
    edit(user) {
      current = user;
      clearErrors();
      inputs.username.value = user?.username ?? '';
      inputs.email.value = user?.email ?? '';
      inputs.status.value = user?.status ?? 'active';
      heading.textContent = user ? `Edit ${user.username}` : 'Add a user';
      submit.textContent = user ? 'Save changes' : 'Create user';
      cancel.hidden = user === null;
    },
    editing: () => current,
    values: () => ({
      username: inputs.username.value.trim(),
      email: inputs.email.value.trim(),
      status: inputs.status.value as UserStatus,
    }),
    showErrors,
    clearErrors,
    setBusy(busy) {
      submit.disabled = busy;
      element.setAttribute('aria-busy', String(busy));
    },
    focusFirst: () => inputs.username.focus(),
  };
}
