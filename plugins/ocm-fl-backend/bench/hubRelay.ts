import net from 'node:net';

/**
 * A TCP relay in front of the hub that notes when the hub first answers a backend: the
 * moment from which the backend's cache sync is measured, apart from the simulator's seeding
 * (done before the relay opens) and from the backend's own start-up (before it calls the hub).
 * Bytes pass unchanged, TLS included, so the hub's certificate and CA stay valid.
 */
export async function startHubRelay(hub: { host: string; port: number }) {
  let firstAnswerAt: number | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(hub.port, hub.host);
    upstream.once('data', () => {
      firstAnswerAt ??= performance.now();
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // One side's error ends both; the backend sees a broken connection, as without a relay.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** When the hub first answered since the last reset, in performance.now() time. */
    firstAnswerAt: () => firstAnswerAt,
    /** Forgets the first answer, for the next backend. */
    reset: () => {
      firstAnswerAt = undefined;
    },
    close: async () => {
      sockets.forEach(socket => socket.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}
