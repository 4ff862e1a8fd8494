import { describe, expect, it } from 'vitest';

import { ApiError } from './api-client';
import { errorText, formErrors } from './form-errors';

describe('formErrors', () => {
  it('puts field errors next to the form’s fields and no summary', () => {
    const err = new ApiError({ status: 422, title: 'Unprocessable Entity', detail: 'Some fields are not valid.', fieldErrors: { email: 'is taken' } });
    const f = formErrors(err, ['email', 'password']);
    expect(f.field('email')).toBe('is taken');
    expect(f.field('password')).toBeUndefined();
    expect(f.summary).toBeNull();
  });

  it('summarises errors for fields the form does not show', () => {
    const err = new ApiError({ status: 422, title: 'Unprocessable Entity', fieldErrors: { roles: 'needs one' } });
    expect(formErrors(err, ['email']).summary).toBe('roles: needs one');
  });

  it('uses the detail, then the title, when there are no field errors', () => {
    expect(formErrors(new ApiError({ status: 401, title: 'Unauthorized', detail: 'The email or password is not correct.' }), ['email']).summary).toBe(
      'The email or password is not correct.',
    );
    expect(formErrors(new ApiError({ status: 403, title: 'Forbidden' }), []).summary).toBe('Forbidden');
    expect(formErrors(null, ['email']).summary).toBeNull();
  });
});

describe('errorText', () => {
  it('says how long to wait when rate limited', () => {
    expect(errorText(new ApiError({ status: 429, title: 'Too Many Requests', detail: 'Too many login attempts.', retryAfter: 90 }))).toBe(
      'Too many login attempts. Try again in 2 minutes.',
    );
    expect(errorText(new ApiError({ status: 429, title: 'Too Many Requests', retryAfter: 1 }))).toBe('Too many attempts. Try again in 1 second.');
  });

  it('adds the request id to server faults', () => {
    expect(errorText(new ApiError({ status: 500, title: 'Internal Server Error', detail: 'Something broke.', requestId: 'abc' }))).toBe(
      'Something broke. (Reference: abc)',
    );
  });
});
