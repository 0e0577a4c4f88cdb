import fs from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { invalid } from './errors';

export interface HubFlags {
  hubUrl?: string;
  token?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  kubeconfig?: string;
}

/** A KubeConfig from --hub-url/--token, or from a kubeconfig file (--kubeconfig, $KUBECONFIG, ~/.kube/config). */
export function hubKubeConfig(flags: HubFlags): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (flags.hubUrl) {
    if (!/^https?:\/\//.test(flags.hubUrl))
      throw invalid(
        `--hub-url: must be an http:// or https:// URL, got "${flags.hubUrl}"`,
      );
    if (flags.caFile && !fs.existsSync(flags.caFile))
      throw invalid(`--ca-file: ${flags.caFile} does not exist`);
    kubeConfig.loadFromClusterAndUser(
      {
        name: 'hub',
        server: flags.hubUrl,
        caFile: flags.caFile,
        skipTLSVerify:
          flags.insecureSkipTlsVerify ?? flags.hubUrl.startsWith('http:'),
      },
      { name: 'ocm-fl', token: flags.token },
    );
    return kubeConfig;
  }
  if (flags.kubeconfig) {
    if (!fs.existsSync(flags.kubeconfig))
      throw invalid(`--kubeconfig: ${flags.kubeconfig} does not exist`);
    kubeConfig.loadFromFile(flags.kubeconfig);
  } else {
    kubeConfig.loadFromDefault();
  }
  if (!kubeConfig.getCurrentCluster()) {
    throw invalid('no hub given: use --hub-url and --token, or --kubeconfig');
  }
  return kubeConfig;
}
