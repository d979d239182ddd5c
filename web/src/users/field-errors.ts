import { ApiError, describeError } from '../api/api-error';

/** Errors to show on a form: one message per field next to it, and one for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

/** The form-level line shown when every problem is at a field. */
export const FIELDS_MESSAGE = 'Please correct the highlighted fields.';

const CONFLICT_FIELDS: Record<string, { field: string; fallback: string }> = {
  DUPLICATE_USERNAME: { field: 'username', fallback: 'This username is already taken.' },
  DUPLICATE_EMAIL: { field: 'email', fallback: 'This email address is already in use.' },
};

/**
 * Maps an API error onto the form's fields. Field errors in `details` go to their field (several for one
 * field are joined); a field the form does not have goes to the form message, so nothing is hidden.
 */
export function mapFieldErrors(err: unknown, formFields: readonly string[]): FormErrors {
  const result: FormErrors = { fields: {}, form: null };
  const formMessages: string[] = [];
  const addField = (field: string, message: string): void => {
    if (formFields.includes(field)) {
      result.fields[field] = result.fields[field] ? `${result.fields[field]}; ${message}` : message;
    } else {
      formMessages.push(field ? `${field}: ${message}` : message);
    }
  };

  if (!(err instanceof ApiError)) return { fields: {}, form: describeError(err) };

  const conflict = CONFLICT_FIELDS[err.code];
  if (conflict) {
    addField(conflict.field, conflict.fallback);
  } else if (err.details.length > 0) {
    for (const d of err.details) addField(d.field, d.message);
  } else if (err.code === 'VALIDATION_ERROR') {
    // No details: the message reads "field: what is wrong" by the API's convention.
    const match = /^([A-Za-z_][A-Za-z0-9_.]*): (.+)$/.exec(err.message);
    if (match) addField(match[1] as string, match[2] as string);
    else formMessages.push(err.message);
  } else {
    formMessages.push(describeError(err));
  }

  if (formMessages.length > 0) result.form = formMessages.join(' ');
  else if (Object.keys(result.fields).length > 0) result.form = FIELDS_MESSAGE;
  return result;
}
