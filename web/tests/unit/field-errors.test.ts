import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error';
import { mapFieldErrors } from '../../src/users/field-errors';

const FIELDS = ['username', 'email', 'status'];

const validation = (details: { field: string; message: string }[], message = 'Validation failed'): ApiError =>
  new ApiError({ status: 400, code: 'VALIDATION_ERROR', message, details });

describe('mapFieldErrors', () => {
  it('puts each detail next to its field', () => {
    const result = mapFieldErrors(validation([
      { field: 'username', message: 'must be 3-50 characters of A-Z, a-z, 0-9 or _' },
      { field: 'email', message: 'must be a valid address' },
    ]), FIELDS);
    expect(result.fields).toEqual({
      username: 'must be 3-50 characters of A-Z, a-z, 0-9 or _',
      email: 'must be a valid address',
    });
    expect(result.form).toBe('Please correct the highlighted fields.');
  });

  it('joins several messages for one field', () => {
    const result = mapFieldErrors(validation([
      { field: 'email', message: 'is required' },
      { field: 'email', message: 'must be a valid address' },
    ]), FIELDS);
    expect(result.fields.email).toBe('is required; must be a valid address');
  });

  it('shows errors about fields the form lacks at the form, so nothing is hidden', () => {
    const result = mapFieldErrors(validation([{ field: 'nickname', message: 'unknown field' }]), FIELDS);
    expect(result.fields).toEqual({});
    expect(result.form).toBe('nickname: unknown field');
  });

  it('maps duplicate conflicts to the field that clashes', () => {
    const dupName = new ApiError({ status: 409, code: 'DUPLICATE_USERNAME', message: 'Username already exists' });
    const dupEmail = new ApiError({ status: 409, code: 'DUPLICATE_EMAIL', message: 'Email already exists' });
    expect(mapFieldErrors(dupName, FIELDS).fields).toEqual({ username: 'This username is already taken.' });
    expect(mapFieldErrors(dupEmail, FIELDS).fields).toEqual({ email: 'This email address is already in use.' });
  });

  it('reads "field: message" when a validation error has no details', () => {
    const result = mapFieldErrors(validation([], 'status: must be active or inactive'), FIELDS);
    expect(result.fields).toEqual({ status: 'must be active or inactive' });
  });

  it('reports other failures at the form level', () => {
    const unavailable = new ApiError({ status: 503, code: 'STORAGE_UNAVAILABLE', message: 'Storage is unavailable' });
    expect(mapFieldErrors(unavailable, FIELDS)).toEqual({ fields: {}, form: 'Storage is unavailable' });
    const offline = new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'x' });
    expect(mapFieldErrors(offline, FIELDS).form).toMatch(/The server is not answering/);
    expect(mapFieldErrors(new Error('boom'), FIELDS)).toEqual({ fields: {}, form: 'boom' });
  });
});
