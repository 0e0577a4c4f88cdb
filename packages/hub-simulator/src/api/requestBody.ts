import http from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from './statusError';

/** A request's body, JSON or YAML by its content type; undefined when empty. */
export async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  const contentType = req.headers['content-type'] ?? '';
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(
      `the request body could not be decoded: ${(error as Error).message}`,
    );
  }
}
