import { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { parse } from './http';

/** What a request brought, as the project's checks read it. */
export interface CheckedRequest<Access, Query, Body, Params> {
  /** What the caller's authorization decided, e.g. which permissions they hold. */
  access: Access;
  query: Query;
  body: Body;
  params: Params;
}

/**
 * The checks of one operation: authorization, then query, body and path parameters, each
 * naming the offending field (`query.limit: ...`). They run before the OpenAPI validator of
 * `createOpenApiRouter`, so that callers get these messages, a 403 comes before any 400, and
 * numbers such as `0x10` are refused rather than coerced. The handler reads what they
 * produced with `checked(req)`, never the validator's coerced `req.query`.
 */
export function requestCheck<
  Access = void,
  Query = undefined,
  Body = undefined,
  Params = undefined,
>(checks: {
  authorize: (req: Request) => Promise<Access>;
  query?: z.ZodType<Query>;
  body?: z.ZodType<Body>;
  params?: z.ZodType<Params>;
}) {
  const results = new WeakMap<
    object,
    CheckedRequest<Access, Query, Body, Params>
  >();
  const run: RequestHandler = (
    req: Request,
    _res: Response,
    next: NextFunction,
  ) => {
    checks
      .authorize(req)
      .then(access => {
        results.set(req, {
          access,
          query: checks.query
            ? parse(checks.query, req.query, 'query')
            : (undefined as Query),
          body: checks.body
            ? parse(checks.body, req.body, 'body')
            : (undefined as Body),
          params: checks.params
            ? parse(checks.params, req.params, 'path')
            : (undefined as Params),
        });
      })
      .then(() => next(), next);
  };
  const checked = (req: Pick<Request, 'method' | 'path'>) => {
    const result = results.get(req);
    // A handler whose checks did not run (registered on another path) must not serve.
    if (!result) {
      throw new Error(
        `the checks of ${req.method} ${req.path} did not run before its handler`,
      );
    }
    return result;
  };
  return { run, checked };
}
