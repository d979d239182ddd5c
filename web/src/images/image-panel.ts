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
  /** API path of the image, where uploads and removals go, e.g. /api/v1/devices/sensor-1/image */
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

/**
 * Where to load an image the API links as `image_url`: an absolute URL as it is, a path on the API's
 * origin (the dashboard's own in AWS, where CloudFront serves /images/ and routes /api/). The URL
 * carries the image's version, so a replaced image is never shown from a cache.
 */
export function imageSrc(imageUrl: string): string {
  return /^https?:\/\//.test(imageUrl) ? imageUrl : `${API_BASE_URL}${imageUrl}`;
}

export interface ImagePanel {
  element: HTMLElement;
  /** Shows the image the owner's JSON links (its `image_url`), or that it has none. */
  show(imageUrl: string | undefined): void;
}

/** The panel waits for show(): the owner's JSON says whether, and where, its image is. */
export function imagePanel(options: ImagePanelOptions): ImagePanel {
  const fileId = `image-${options.idPrefix}-file`;
  const errorId = `image-${options.idPrefix}-error`;
  const preview = h('div', { className: 'image-preview', 'data-testid': `image-${options.idPrefix}-preview` });
  const input = h('input', { type: 'file', id: fileId, name: 'image', accept: 'image/jpeg,image/png,image/webp',
    'aria-describedby': errorId });
  const error = h('p', { className: 'field-error', id: errorId, role: 'alert' });
  const status = h('p', { className: 'muted', 'aria-live': 'polite' });
  const upload = h('button', { type: 'submit', className: 'button button-primary' }, 'Upload');
  const remove = h('button', { type: 'button', className: 'button button-danger', hidden: true }, 'Remove');

  // undefined until the first show(); null once the owner is known to have no image.
  let shown: string | null | undefined;
  const show = (imageUrl: string | undefined): void => {
    const next = imageUrl ?? null;
    if (next === shown) return;  // a refresh with the same version leaves the loaded image alone
    shown = next;
    replaceChildren(preview, next === null
      ? h('p', { className: 'muted' }, `No ${options.label.toLowerCase()} yet.`)
      : h('img', { src: imageSrc(next), alt: `${options.label} of ${options.owner}`, className: 'image-thumb' }));
    remove.hidden = next === null;
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
        const stored = (await response.json()) as { image_url: string };
        status.textContent = `${options.label} uploaded.`;
        form.reset();
        show(stored.image_url);
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
        show(undefined);
      } catch (err) {
        status.textContent = `Could not remove the ${options.label.toLowerCase()}: ${describeError(err)}`;
      }
    })();
  });

  replaceChildren(preview, h('p', { className: 'muted' }, 'Loading…'));
  const element = h('section', { className: 'card image-panel', 'aria-label': `${options.label} of ${options.owner}` },
    preview, form);
  return { element, show };
}

/** A small avatar for list rows, when the API says the user has one. Decorative (the name follows it). */
export function avatarThumb(imageUrl: string | undefined, username: string): HTMLElement | null {
  if (!imageUrl) return null;
  return h('img', { src: imageSrc(imageUrl), alt: '', className: 'avatar-thumb', width: 32, height: 32,
    loading: 'lazy', 'data-testid': `avatar-${username}` });
}
