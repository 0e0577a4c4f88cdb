import { randomBytes } from 'node:crypto';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  eventually,
  startTestHub,
  testJobSpec,
} from '@ocm-fl/hub-simulator/testing';
import knexFactory from 'knex';
import {
  startOcmFlTestBackend,
  testLauncher,
} from './__testUtils__/testBackend';
import {
  connectionStringVariable,
  postgresTestDatabaseIds,
} from './__testUtils__/testDatabases';
import { LINEAGE_CHANGES_TOPIC } from './lifecycle/LineageChangeEvents';

/** Follows a replica's server-sent event stream; `changes` grows as events arrive. */
async function follow(server: any, signal: AbortSignal) {
  const response = await fetch(
    `http://127.0.0.1:${server.address().port}/api/ocm-fl/events`,
    { signal, headers: { authorization: 'Bearer mock-user-token' } },
  );
  expect(response.status).toBe(200);
  const stream = { changes: [] as Array<Record<string, unknown>> };
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const messages = buffer.split('\n\n');
      buffer = messages.pop() ?? '';
      for (const message of messages) {
        const data = message.split('\n').find(l => l.startsWith('data: '));
        if (data) stream.changes.push(JSON.parse(data.slice(6)));
      }
    }
  })().catch(() => {});
  return stream;
}

/**
 * Two replicas of the backend on one PostgreSQL and one hub, each with the events backend
 * plugin, the real events service and the real scheduler, as deployed: whichever replica runs
 * the lifecycle task, a stream on either one gets each lineage and model event exactly once.
 * The events backend's bus spans processes only on PostgreSQL, so this test runs there alone.
 */
describe('lineage and model events across replicas', () => {
  const ids = postgresTestDatabaseIds();
  if (ids.length === 0) {
    // Outside CI: shown as a reminder rather than passed silently.
    it.todo('reach a stream on either replica (needs a PostgreSQL server)');
  }

  ids.forEach(id =>
    it(`reach a stream on either replica (${id})`, async () => {
      const connectionString = process.env[connectionStringVariable(id)]!;
      // Databases of this test alone (one per plugin, as in production), shared by both replicas.
      const prefix = `ocmfl_replicas_${randomBytes(4).toString('hex')}_`;
      const { sim, kubeConfig } = await startTestHub({
        flRuntime: { roundDurationMs: 30, clientWaitMs: 2000 },
      });
      const stop = new AbortController();
      // The events backend's own database, to see its subscriptions.
      const eventsDatabase = knexFactory({
        client: 'pg',
        connection: `${connectionString}/${prefix}events`,
      });
      try {
        const replica = () =>
          startOcmFlTestBackend({
            sim,
            realScheduler: true,
            features: [eventsPlugin, eventsServiceFactory],
            config: {
              // Long polls of the event bus end sooner: the replicas stop quickly.
              events: { notifyTimeoutMs: 2000 },
              backend: {
                database: {
                  client: 'pg',
                  connection: connectionString,
                  prefix,
                },
              },
            },
            ocmFl: { lifecycle: { intervalSeconds: 1 } },
          });
        const [first, second] = [await replica(), await replica()];
        const streams = [
          await follow(first, stop.signal),
          await follow(second, stop.signal),
        ];
        // Each replica's subscription is on the bus before anything happens.
        await eventually(async () => {
          const subscriptions = await eventsDatabase('event_bus_subscriptions')
            .whereRaw('? = ANY(topics)', [LINEAGE_CHANGES_TOPIC])
            .count({ n: '*' });
          return Number(subscriptions[0].n) === 2 ? true : undefined;
        });

        await testLauncher(kubeConfig).launch(testJobSpec('mnist'));
        const modelAdded = (c: Record<string, unknown>) =>
          c.kind === 'models' && c.type === 'add' && c.name === 'mnist';
        const ofTheJob = (c: Record<string, unknown>) =>
          (c.kind === 'lineage' || c.kind === 'models') && c.job === 'mnist';
        await eventually(
          async () =>
            streams.every(s => s.changes.some(modelAdded)) ? true : undefined,
          30_000,
        );
        // Give a duplicate the time to arrive, then compare.
        await new Promise(resolve => setTimeout(resolve, 1000));
        const [onFirst, onSecond] = streams.map(s =>
          s.changes.filter(ofTheJob),
        );
        expect(onFirst.filter(modelAdded)).toEqual([
          {
            kind: 'models',
            type: 'add',
            hub: 'sim',
            name: 'mnist',
            job: 'mnist',
            version: 1,
          },
        ]);
        // Every lineage and model change of the job, once each, in the same order on both.
        expect(onSecond).toEqual(onFirst);
      } finally {
        stop.abort();
        await eventsDatabase.destroy();
        await sim.close();
      }
    }, 60_000),
  );
});
