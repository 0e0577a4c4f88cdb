import http from 'node:http';
import { readBody } from './requestBody';

/** An admin answer with something to do once it has been sent (e.g. a restart). */
export class AfterResponse {
  constructor(readonly body: unknown, readonly action: () => void) {}
}

/** Handles `/simulator/...` admin requests; returns the JSON answer. */
export type AdminHandler = (
  method: string,
  path: string,
  body: unknown,
) => Promise<unknown>;

export const isAdminPath = (path: string) => path.startsWith('/simulator/');

/**
 * Serves an admin request through `admin`, sending its answer with `json`; an
 * {@link AfterResponse} runs its action once the answer is sent.
 */
export async function serveAdmin(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  admin: AdminHandler,
  json: (res: http.ServerResponse, status: number, body: unknown) => void,
) {
  const method = req.method ?? 'GET';
  const body = method === 'GET' ? undefined : await readBody(req);
  const answer = await admin(method, path, body);
  if (answer instanceof AfterResponse) {
    res.once('finish', answer.action);
    json(res, 200, answer.body);
  } else {
    json(res, 200, answer);
  }
}
