import { describeError } from '../api/api-error';
import { h } from './dom';

// The three states every data area can be in besides "loaded". Each is announced to screen readers.

export function loadingView(label: string): HTMLElement {
  return h('div', { className: 'state state-loading', role: 'status', 'aria-live': 'polite' },
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    h('span', {}, label));
}

export function errorView(err: unknown, onRetry?: () => void): HTMLElement {
  return h('div', { className: 'state state-error', role: 'alert' },
    h('p', {}, describeError(err)),
    onRetry ? h('button', { type: 'button', className: 'button', onclick: () => onRetry() }, 'Try again') : null);
}

export function emptyView(title: string, hint?: string): HTMLElement {
  return h('div', { className: 'state state-empty' },
    h('p', { className: 'state-title' }, title),
    hint ? h('p', { className: 'muted' }, hint) : null);
}
