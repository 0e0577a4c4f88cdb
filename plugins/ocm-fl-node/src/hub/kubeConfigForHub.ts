import { KubeConfig } from '@kubernetes/client-node';
import { HubConfig } from '../config/ocmFlConfig';

/**
 * A client-node KubeConfig for one configured hub: its server, CA and service account
 * token, nothing from the machine's own kubeconfig.
 *
 * @public
 */
export function kubeConfigForHub(hub: HubConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromClusterAndUser(
    {
      name: hub.name,
      server: hub.url,
      caData: hub.caData,
      // client-node refuses http:// unless TLS verification is off; plain HTTP (a local
      // simulator) has no TLS to verify, so the flag only matters for https://.
      skipTLSVerify: hub.skipTLSVerify ?? hub.url.startsWith('http:'),
    },
    { name: `${hub.name}-backstage`, token: hub.serviceAccountToken },
  );
  return kubeConfig;
}
