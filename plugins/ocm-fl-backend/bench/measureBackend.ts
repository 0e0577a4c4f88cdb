import fs from 'node:fs';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';

/** Sequential requests per timed URL. */
const REQUESTS = 200;
/** Hub changes timed until their server-sent event. */
const CHANGES = 20;

export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ];

/** What one backend measured; times in milliseconds, memory in bytes. */
export interface BackendFigures {
  /** From the process's start until its API answered. */
  startMs: number;
  /** From the hub's first answer to this backend until its cache held every object. */
  syncMs: number;
  latencies: Array<{ request: string; p50: number; p95: number }>;
  changeToEvent: { p50: number; p95: number };
  /** The process's resident set: once synced, its peak over the run, and at the end. */
  syncedRss: number;
  peakRss: number;
  endRss: number;
}

/** Resident set of a process, current and peak (Linux: VmRSS and VmHWM of /proc/<pid>/status). */
function residentMemory(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/**
 * Measures a running backend against a hub seeded with `clusters` clusters and `jobs` jobs:
 * its start, its cache sync, list latencies, hub change to server-sent event, and memory.
 */
export async function measureBackend(options: {
  /** The backend's base URL, e.g. http://127.0.0.1:7007 */
  baseUrl: string;
  token: string;
  pid: number;
  alive: () => boolean;
  /** performance.now() at the process's start. */
  startedAt: number;
  /** performance.now() of the hub's first answer to this backend, once it answered. */
  hubAnsweredAt: () => number | undefined;
  /** Changes the hub directly (not through the backend). */
  hubApi: CustomObjectsApi;
  clusters: number;
  jobs: number;
  /** Makes each run's label changes new to the hub. */
  changeTag: string;
}): Promise<BackendFigures> {
  const api = `${options.baseUrl}/api/ocm-fl`;
  const headers = { authorization: `Bearer ${options.token}` };
  const get = async (url: string) => {
    const response = await fetch(`${api}${url}`, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  const until = async <T>(what: string, fn: () => Promise<T | undefined>) => {
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      const value = await fn().catch(() => undefined);
      if (value !== undefined) return value;
      if (!options.alive()) throw new Error(`the backend exited (${what})`);
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  };

  await until('the API to answer', () => get('/health'));
  const answered = performance.now();
  await until('the cache to hold every cluster and job', async () => {
    const [c, j] = await Promise.all([
      get('/clusters?limit=1'),
      get('/jobs?limit=1'),
    ]);
    return c.total === options.clusters &&
      j.total === options.jobs &&
      c.hubs.bench.synced
      ? true
      : undefined;
  });
  const synced = performance.now();
  const syncedRss = residentMemory(options.pid).rss;
  const hubAnsweredAt = options.hubAnsweredAt();
  if (hubAnsweredAt === undefined) throw new Error('the hub never answered');

  const latencies = [];
  for (const request of [
    '/clusters?limit=100',
    '/clusters?limit=100&search=region=eu-west',
    `/clusters?limit=${options.clusters}`,
    '/jobs?limit=100',
    '/jobs?limit=100&phase=Succeeded&cluster=cluster-00042',
    `/jobs?limit=${Math.min(options.jobs, 1000)}`,
  ]) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const requested = performance.now();
      await get(request);
      times.push(performance.now() - requested);
    }
    latencies.push({
      request,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
    });
  }

  // From a change on the hub to its event on the stream.
  const controller = new AbortController();
  const stream = await fetch(`${api}/events`, {
    headers,
    signal: controller.signal,
  });
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  const eventTimes: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const name = `cluster-${String((i * 7) % options.clusters).padStart(
      5,
      '0',
    )}`;
    let text = '';
    const changed = performance.now();
    await options.hubApi.patchClusterCustomObject(
      {
        group: 'cluster.open-cluster-management.io',
        version: 'v1',
        plural: 'managedclusters',
        name,
        body: { metadata: { labels: { bench: `${options.changeTag}-${i}` } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    while (!text.includes(`"name":"${name}"`)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      text += decoder.decode(value);
    }
    eventTimes.push(performance.now() - changed);
  }
  controller.abort();

  const memory = residentMemory(options.pid);
  return {
    startMs: answered - options.startedAt,
    syncMs: synced - hubAnsweredAt,
    latencies,
    changeToEvent: {
      p50: percentile(eventTimes, 50),
      p95: percentile(eventTimes, 95),
    },
    syncedRss,
    peakRss: memory.peak,
    endRss: memory.rss,
  };
}
