import { mockServices } from '@backstage/backend-test-utils';
import { LineageChange } from './JobLifecycle';
import {
  LINEAGE_CHANGES_TOPIC,
  LineageChangeEvents,
} from './LineageChangeEvents';

const change: LineageChange = {
  kind: 'models',
  type: 'add',
  hub: 'sim',
  name: 'mnist',
  job: 'mnist-a',
  version: 1,
};

describe('LineageChangeEvents', () => {
  it('hands a published change to every listener, through the events service', async () => {
    const events = mockServices.events();
    const changes = await LineageChangeEvents.create({
      events,
      logger: mockServices.logger.mock(),
    });
    const heard: LineageChange[] = [];
    const stop = changes.subscribe(c => heard.push(c));
    await changes.publish(change);
    stop();
    await changes.publish({ ...change, version: 2 });
    expect(heard).toEqual([change]);
  });

  it('hands on what another replica published on the topic', async () => {
    const events = mockServices.events();
    const changes = await LineageChangeEvents.create({
      events,
      logger: mockServices.logger.mock(),
    });
    const heard: LineageChange[] = [];
    changes.subscribe(c => heard.push(c));
    await events.publish({
      topic: LINEAGE_CHANGES_TOPIC,
      eventPayload: change,
    });
    await events.publish({ topic: 'elsewhere', eventPayload: { other: 1 } });
    expect(heard).toEqual([change]);
  });

  it('logs a change it could not publish, and does not throw', async () => {
    const logger = mockServices.logger.mock();
    const events = mockServices.events.mock({
      publish: async () => {
        throw new Error('the events backend is down');
      },
    });
    const changes = await LineageChangeEvents.create({ events, logger });
    await expect(changes.publish(change)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /Could not publish the models change of mnist: the events backend is down/,
      ),
    );
    // Each replica subscribes under an id of its own.
    const [subscription] = events.subscribe.mock.calls[0];
    expect(subscription).toMatchObject({
      id: expect.stringMatching(/^lineage-changes-[0-9a-f-]{36}$/),
      topics: [LINEAGE_CHANGES_TOPIC],
    });
  });
});
