import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { requestCheck } from './requestChecks';

describe('requestCheck', () => {
  const guarded = () =>
    requestCheck({
      authorize: async req => req.get('x-user') === 'alice',
      query: z.strictObject({ n: z.string().regex(/^[0-9]+$/) }),
    });

  it('hands the handler what authorization and the query check produced', async () => {
    const check = guarded();
    const app = express();
    app.get('/x', check.run, (req, res) => {
      res.json(check.checked(req));
    });
    const res = await request(app).get('/x?n=7').set('x-user', 'alice');
    expect(res.body).toEqual({ access: true, query: { n: '7' } });
  });

  it('passes a refused query on as a 400 naming the field', async () => {
    const check = guarded();
    const app = express();
    app.get('/x', check.run, (_req, res) => {
      res.json({});
    });
    app.use(
      (
        error: Error,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(400).json({ name: error.name, message: error.message });
      },
    );
    const res = await request(app).get('/x?n=0x1');
    expect(res.body).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/^query\.n: /),
    });
  });

  it('refuses to serve a handler whose checks did not run', async () => {
    const check = guarded();
    const app = express();
    app.get('/x', (req, res) => {
      res.json(check.checked(req));
    });
    const res = await request(app).get('/x?n=7');
    expect(res.status).toBe(500);
    expect(res.text).toMatch(
      /the checks of GET \/x did not run before its handler/,
    );
  });
});
