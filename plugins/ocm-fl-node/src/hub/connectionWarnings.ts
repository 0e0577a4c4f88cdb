import { HubConfig } from '../config/ocmFlConfig';

/** Loopback hosts: traffic to them never leaves the machine (a local development hub). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * What is insecure about the connection to a hub, in words an operator can act on: a token
 * sent over plain HTTP, or a hub whose identity is not checked. A hub on a loopback address
 * (the development simulator) gets none, since nothing crosses a network.
 *
 * @public
 */
export function connectionWarnings(
  hub: Pick<HubConfig, 'url' | 'skipTLSVerify'>,
): string[] {
  const url = new URL(hub.url);
  if (isLoopback(url.hostname)) return [];
  const warnings: string[] = [];
  if (url.protocol === 'http:') {
    warnings.push(
      'plain HTTP: the service account token and every object cross the network unencrypted; use https',
    );
  }
  if (url.protocol === 'https:' && hub.skipTLSVerify) {
    warnings.push(
      "TLS verification is off (skipTLSVerify): anyone on the path can pose as the hub; give the hub's CA as caData",
    );
  }
  return warnings;
}
