// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/api-error';
import { userForm } from '../../src/users/user-form';

function mount(): ReturnType<typeof userForm> {
  const form = userForm({ onSubmit: vi.fn(), onCancel: vi.fn() });
  document.body.replaceChildren(form.element);
  return form;
}

describe('userForm', () => {
  it('shows an API field error at its field, marks the field invalid and focuses it', () => {
    const form = mount();
    form.showErrors(new ApiError({
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'username: must be 3-50 characters',
      details: [{ field: 'username', message: 'must be 3-50 characters' }],
    }));
    const input = document.getElementById('user-username') as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain('user-username-error');
    expect(document.getElementById('user-username-error')?.textContent).toBe('must be 3-50 characters');
    expect(document.getElementById('user-email')?.hasAttribute('aria-invalid')).toBe(false);
    expect(document.activeElement).toBe(input);
  });

  it('clears old errors when editing another user, and fills in its values', () => {
    const form = mount();
    form.showErrors(new ApiError({ status: 409, code: 'DUPLICATE_EMAIL', message: 'taken' }));
    form.edit({
      user_id: 'u1', username: 'bob_2', email: 'bob@example.com', status: 'inactive', created_at: '', updated_at: '',
    });
    expect(document.getElementById('user-email-error')?.textContent).toBe('');
    expect(form.values()).toEqual({ username: 'bob_2', email: 'bob@example.com', status: 'inactive' });
    expect(form.element.querySelector('h2')?.textContent).toBe('Edit bob_2');
  });

  it('trims what was typed', () => {
    const form = mount();
    (document.getElementById('user-username') as HTMLInputElement).value = '  carol  ';
    (document.getElementById('user-email') as HTMLInputElement).value = ' carol@example.com ';
    expect(form.values()).toEqual({ username: 'carol', email: 'carol@example.com', status: 'active' });
  });
});
