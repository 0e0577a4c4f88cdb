import http from 'node:http';
import { authenticate } from './authentication';
import { StatusError } from './statusError';

const request = (authorization?: string) =>
  ({ headers: { authorization } } as http.IncomingMessage);

describe('authenticate', () => {
  it('accepts any of the tokens as a bearer token', () => {
    expect(() => authenticate(request('Bearer b'), ['a', 'b'])).not.toThrow();
  });

  it.each([undefined, '', 'Bearer c', 'bearer a', 'a', 'Basic a'])(
    'refuses %p with 401 Unauthorized',
    authorization => {
      let refusal: unknown;
      try {
        authenticate(request(authorization), ['a', 'b']);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(StatusError);
      expect((refusal as StatusError).code).toBe(401);
    },
  );
});
