// A device photo or user avatar: shows the image, uploads a replacement, removes it. The file goes to
// the API as the raw request body; the API judges its type by content, so its errors (415, 413, 400
// with details on "image") are shown at the file field.
import { ApiError, describeError, errorFromResponse } from '../api/api-error';
import { API_BASE_URL } from '../config';
import { h, replaceChildren } from '../ui/dom';
import './images.css';

/** The largest file the API accepts (5 MiB); bigger files are refused here without an upload. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface ImagePanelOptions {
  /** API path of the image, e.g. /api/v1/devices/sensor-1/image */
  path: string;
  /** "Photo" or "Avatar": the field's label and the image's alternative text prefix. */
  label: string;
  /** Whose image, for the alternative text: "device sensor-1". */
  owner: string;
  /** Element ids derive from this (image-<idPrefix>-file, ...-error). */
  idPrefix: string;
}

async function send(method: string, path: string, body?: Blob): Promise<Response> {
  const response = await fetch(`${API_BASE_URL}${path}`, {
    method,
    body,
    headers: body ? { 'Content-Type': 'application/octet-stream' } : undefined,
  });
  if (!response.ok && response.status !== 404) {
    throw errorFromResponse(response.status, response.headers, await response.text());
  }
  return response;
}

/** The message to show at the file field for a refused upload. */
export function uploadErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const detail = err.details.find((d) => d.field === 'image');
    if (detail) return detail.message;
    if (err.status === 415) return 'This file is not a JPEG, PNG or WebP image.';
    if (err.status === 413) return 'This file is larger than 5 MiB.';
  }
  return describeError(err);
}

export function imagePanel(options: ImagePanelOptions): HTMLElement {
  const fileId = `image-${options.idPrefix}-file`;
  const errorId = `image-${options.idPrefix}-error`;
  const preview = h('div', { className: 'image-preview', 'data-testid': `image-${options.idPrefix}-preview` });
  const input = h('input', { type: 'file', id: fileId, name: 'image', accept: 'image/jpeg,image/png,image/webp',
    'aria-describedby': errorId });
  const error = h('p', { className: 'field-error', id: errorId, role: 'alert' });
  const status = h('p', { className: 'muted', 'aria-live': 'polite' });
  const upload = h('button', { type: 'submit', className: 'button button-primary' }, 'Upload');
  const remove = h('button', { type: 'button', className: 'button button-danger', hidden: true }, 'Remove');

  const show = async (): Promise<void> => {
    try {
      const response = await fetch(`${API_BASE_URL}${options.path}`, { method: 'HEAD', cache: 'no-cache' });
      if (!response.ok) {
        replaceChildren(preview, h('p', { className: 'muted' }, `No ${options.label.toLowerCase()} yet.`));
        remove.hidden = true;
        return;
      }
      // The ETag in the query makes the browser fetch a replaced image instead of its cached copy.
      const tag = encodeURIComponent(response.headers.get('ETag') ?? String(Date.now()));
      replaceChildren(preview, h('img', { src: `${API_BASE_URL}${options.path}?v=${tag}`,
        alt: `${options.label} of ${options.owner}`, className: 'image-thumb' }));
      remove.hidden = false;
    } catch (err) {
      replaceChildren(preview, h('p', { className: 'field-error' }, describeError(err)));
    }
  };

  const form = h('form', { className: 'image-form', novalidate: true },
    h('div', { className: 'field' }, h('label', { for: fileId }, options.label), input, error),
    h('div', { className: 'actions' }, upload, remove), status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      const file = input.files?.[0];
      if (!file) {
        error.textContent = 'Choose a JPEG, PNG or WebP file.';
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      if (file.size > MAX_IMAGE_BYTES) {
        error.textContent = 'This file is larger than 5 MiB.';
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      upload.disabled = true;
      try {
        const response = await send('PUT', options.path, file);
        if (response.status === 404) throw errorFromResponse(404, response.headers, await response.text());
        status.textContent = `${options.label} uploaded.`;
        form.reset();
        await show();
      } catch (err) {
        error.textContent = uploadErrorMessage(err);
        input.setAttribute('aria-invalid', 'true');
      } finally {
        upload.disabled = false;
      }
    })();
  });

  remove.addEventListener('click', () => {
    void (async () => {
      try {
        await send('DELETE', options.path);
        status.textContent = `${options.label} removed.`;
        await show();
      } catch (err) {
        status.textContent = `Could not remove the ${options.label.toLowerCase()}: ${describeError(err)}`;
      }
    })();
  });

  void show();
  return h('section', { className: 'card image-panel', 'aria-label': `${options.label} of ${options.owner}` }, preview, form);
}

/** A small avatar for list rows, when the API says the user has one. Decorative (the name follows it). */
export function avatarThumb(imageUrl: string | undefined, username: string): HTMLElement | null {
  if (!imageUrl) return null;
  return h('img', { src: `${API_BASE_URL}${imageUrl}`, alt: '', className: 'avatar-thumb', width: 32, height: 32,
    loading: 'lazy', 'data-testid': `avatar-${username}` });
}
