import { h } from './dom';

/**
 * Asks for confirmation in a modal <dialog> (focus moves into it and Escape cancels), resolving true
 * only when the confirm button is pressed. Focus returns to where it was.
 */
export function confirmDialog(opts: { title: string; message: string; confirmLabel: string }): Promise<boolean> {
  const previousFocus = document.activeElement as HTMLElement | null;
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', className: 'button', value: 'cancel' }, 'Cancel');
    const confirm = h('button', { type: 'button', className: 'button button-danger', value: 'confirm' }, opts.confirmLabel);
    const dialog = h('dialog', { className: 'dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      h('h2', { id: 'confirm-title' }, opts.title),
      h('p', { id: 'confirm-message' }, opts.message),
      h('div', { className: 'dialog-actions' }, cancel, confirm));
    let answered = false;
    const finish = (answer: boolean): void => {
      if (answered) return;
      answered = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      previousFocus?.focus();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('close', () => finish(false));
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus(); // the safe choice is the default
  });
}
