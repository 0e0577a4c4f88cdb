import { InputError } from '@backstage/errors';
import {
  kubeConfigForHub,
  OcmFlConfig,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';

/** The KubeConfig of the named hub, or of the first configured hub. */
export function hubKubeConfig(config: OcmFlConfig, hub?: string) {
  const chosen = hub ? config.hubs.find(h => h.name === hub) : config.hubs[0];
  if (!chosen) {
    throw new InputError(
      `hub: no hub named "${hub}" is configured; configured: ${config.hubs
        .map(h => h.name)
        .join(', ')}`,
    );
  }
  return kubeConfigForHub(chosen);
}
