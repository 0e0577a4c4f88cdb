import { eachTestWithHubAndBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

// On SQLite and on the test PostgreSQL server (scripts/test.sh starts one).
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('event stream (%s)', id => {
  const hub = eachTestWithHubAndBackend(databases, id);

  it('streams a hub change to the UI as a server-sent event within 2 s', async () => {
    const { server, sim } = hub();
    const address = server.address() as { port: number };
    const url = `http://127.0.0.1:${address.port}/api/ocm-fl/events`;
    const controller = new AbortController();
    const response = await fetch(url, {
      signal: controller.signal,
      headers: { authorization: 'Bearer mock-user-token' },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const started = Date.now();
    sim.setClusterAvailable('hospital-boston', false);
    let text = '';
    while (!text.includes('"name":"hospital-boston"')) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(text).toMatch(
      /event: change\ndata: \{"hub":"sim","kind":"clusters","type":"update","name":"hospital-boston"/,
    );
  });
});
