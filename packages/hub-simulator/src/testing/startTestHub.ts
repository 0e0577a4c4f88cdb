import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import {
  HubSimulator,
  HubSimulatorOptions,
  startHubSimulator,
} from '../startHubSimulator';

export const TEST_TOKEN = 'test-hub-token';

/**
 * A simulator on a free port (admitting objects against OCM's CRDs), fast workload timings and a client-node
 * KubeConfig that trusts its CA, for tests that talk to a hub over real HTTPS.
 */
export async function startTestHub(
  options: Partial<HubSimulatorOptions> = {},
): Promise<{ sim: HubSimulator; kubeConfig: KubeConfig }> {
  const sim = await startHubSimulator({
    port: 0,
    tokens: [TEST_TOKEN],
    scenario: 'demo',
    timings: { deploymentReadyMs: 50, jobDurationMs: 100, deadlineSecondMs: 1 },
    ...options,
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(sim.kubeconfig(TEST_TOKEN));
  return { sim, kubeConfig };
}

/** Polls `check` until it returns a value other than undefined or the time is up. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${
          lastError ? `: ${(lastError as Error).message}` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * A raw HTTPS request to the simulator, for what typed clients hide (status codes, bodies):
 * to one in this process, or in another one by its address and CA.
 */
export function rawRequest(
  sim: Pick<HubSimulator, 'url' | 'caPem'>,
  requestPath: string,
  options: {
    method?: string;
    token?: string;
    body?: unknown;
    contentType?: string;
  } = {},
): Promise<{ status: number; body: any; text: string }> {
  const url = new URL(requestPath, sim.url);
  const token = options.token ?? TEST_TOKEN;
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: options.method ?? 'GET',
        ca: sim.caPem,
        headers: {
          // An empty token sends no authorization header at all.
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(options.body !== undefined
            ? { 'content-type': options.contentType ?? 'application/json' }
            : {}),
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined)
      req.write(
        typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
      );
    req.end();
  });
}
