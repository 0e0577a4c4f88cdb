import http from 'node:http';
import { errors } from './statusError';

/** Refuses a request that carries none of the accepted bearer tokens, as 401 Unauthorized. */
export function authenticate(req: http.IncomingMessage, tokens: string[]) {
  const auth = req.headers.authorization ?? '';
  if (!tokens.some(token => auth === `Bearer ${token}`)) {
    throw errors.unauthorized();
  }
}
