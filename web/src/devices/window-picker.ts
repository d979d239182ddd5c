import { fromDateTimeLocal, toDateTimeLocal, viewerTimeZone } from '../format/time';
import { h } from '../ui/dom';
import { PRESETS, PRESET_LABELS, type WindowChoice, type WindowPreset, computeWindow } from './time-window';

export interface WindowPicker {
  element: HTMLFormElement;
  /** Shows a choice made elsewhere (Back, Forward) without reporting it as a change. */
  set(choice: WindowChoice): void;
}

/** The preset buttons (as radios) and the custom range form of the device page. */
export function windowPicker(initial: WindowChoice, onChange: (c: WindowChoice) => void): WindowPicker {
  const now = Date.now();
  const fromInput = h('input', { type: 'datetime-local', id: 'window-from', name: 'from', 'aria-describedby': 'window-error' });
  const toInput = h('input', { type: 'datetime-local', id: 'window-to', name: 'to', 'aria-describedby': 'window-error' });
  const customError = h('p', { className: 'field-error', id: 'window-error', role: 'alert' });
  const custom = h('div', { className: 'custom-window' },
    h('div', { className: 'field' }, h('label', { for: 'window-from' }, 'From'), fromInput),
    h('div', { className: 'field' }, h('label', { for: 'window-to' }, 'To'), toInput),
    h('button', { type: 'submit', className: 'button button-primary' }, 'Show'),
    customError);

  const radios = PRESETS.map((p) => h('input', { type: 'radio', name: 'window', value: p }));
  const element = h('form', { className: 'window-picker', novalidate: true },
    h('fieldset', {},
      h('legend', {}, `Time window (times in ${viewerTimeZone()})`),
      h('div', { className: 'segments' }, radios.map((r) => h('label', { className: 'segment' }, r,
        h('span', {}, PRESET_LABELS[r.value as WindowPreset])))),
      custom));

  const clearError = (): void => {
    customError.textContent = '';
    fromInput.removeAttribute('aria-invalid');
    toInput.removeAttribute('aria-invalid');
  };

  const set = (choice: WindowChoice): void => {
    for (const r of radios) r.checked = r.value === choice.preset;
    custom.hidden = choice.preset !== 'custom';
    fromInput.value = toDateTimeLocal(choice.from ?? now - 24 * 3600_000);
    toInput.value = toDateTimeLocal(choice.to ?? now);
    clearError();
  };

  const submitCustom = (): void => {
    const picked = { preset: 'custom' as const, from: fromDateTimeLocal(fromInput.value), to: fromDateTimeLocal(toInput.value) };
    const result = computeWindow(picked, Date.now());
    if (result.ok) {
      clearError();
      onChange(picked);
      return;
    }
    customError.textContent = result.error;
    fromInput.setAttribute('aria-invalid', 'true');
    toInput.setAttribute('aria-invalid', 'true');
  };

  element.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    if (target.name !== 'window') return;
    const preset = target.value as WindowPreset;
    custom.hidden = preset !== 'custom';
    if (preset === 'custom') fromInput.focus();
    else onChange({ preset });
  });
  // The error goes as soon as the user starts correcting the range.
  fromInput.addEventListener('input', clearError);
  toInput.addEventListener('input', clearError);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    submitCustom();
  });
  set(initial);
  return { element, set };
}
