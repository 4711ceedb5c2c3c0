import { classifyMailError, MailDeliveryError } from '../../src/infra/mail/mail-delivery-error';

// Shaped like the SendGrid SDK's ResponseError: HTTP status in `code`, SendGrid's error list in `response.body`.
const responseError = (status: number, errors: Array<{ message: string; field?: string | null }> = []) =>
  Object.assign(new Error('Service Unavailable'), { code: status, response: { headers: {}, body: { errors } } });

// Shaped like an axios transport error, which keeps the whole request (key and body) in `config`.
const transportError = (code: string, message = 'socket hang up') =>
  Object.assign(new Error(message), {
    code,
    isAxiosError: true,
    config: { headers: { Authorization: 'Bearer SG.very-secret-key' }, data: '{"content":"reset-token-123"}' },
  });

describe('classifyMailError', () => {
  it.each([500, 502, 503, 504, 429, 408])('treats HTTP %d as worth retrying', (status) => {
    const result = classifyMailError(responseError(status));
    expect(result).toBeInstanceOf(MailDeliveryError);
    expect(result.retryable).toBe(true);
    expect(result.status).toBe(status);
  });

  it.each([400, 404, 413, 422])('treats HTTP %d as a rejection of this message', (status) => {
    const result = classifyMailError(responseError(status));
    expect(result.retryable).toBe(false);
    expect(result.status).toBe(status);
  });

  it.each([401, 403])('keeps retrying on HTTP %d: a bad key is fixed by an operator, the email must wait', (status) => {
    expect(classifyMailError(responseError(status)).retryable).toBe(true);
  });

  it("names SendGrid's error fields and messages in the message", () => {
    const result = classifyMailError(
      responseError(400, [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email' }]),
    );
    expect(result.message).toBe(
      'SendGrid answered 400: personalizations.0.to.0.email: Does not contain a valid address.',
    );
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])(
    'treats the network error %s as worth retrying',
    (code) => {
      const result = classifyMailError(transportError(code));
      expect(result.retryable).toBe(true);
      expect(result.status).toBeUndefined();
      expect(result.message).toContain(code);
    },
  );

  it.each(['ECONNABORTED', 'ETIMEDOUT'])('treats the timeout %s as worth retrying', (code) => {
    const result = classifyMailError(transportError(code, 'timeout of 10000ms exceeded'));
    expect(result.retryable).toBe(true);
    expect(result.message).toMatch(/did not answer in time/);
  });

  it('treats any other transport failure without a response as worth retrying', () => {
    expect(classifyMailError(transportError('ERR_SOMETHING_NEW')).retryable).toBe(true);
  });

  it('treats an email the SDK refuses to build as not worth retrying', () => {
    const result = classifyMailError(new Error('String or address object expected for `from`'));
    expect(result.retryable).toBe(false);
    expect(result.message).toContain('String or address object expected');
  });

  it('copes with things thrown that are not errors', () => {
    expect(classifyMailError('boom').retryable).toBe(false);
    expect(classifyMailError(undefined).retryable).toBe(false);
  });

  it('returns an already classified error unchanged', () => {
    const original = new MailDeliveryError('SendGrid did not answer within 10 ms', true);
    expect(classifyMailError(original)).toBe(original);
  });

  it('never carries the API key, the body or the original error along', () => {
    const result = classifyMailError(transportError('ECONNRESET'));
    const everything = JSON.stringify({ ...result, message: result.message, stack: result.stack });
    expect(everything).not.toContain('SG.very-secret-key');
    expect(everything).not.toContain('reset-token-123');
    expect(result.cause).toBeUndefined();
  });
});
