import type { Environment } from '@marcbachmann/cel-js';
import { registerFormat } from './format';
import { registerLists } from './lists';
import { registerNetwork } from './network';
import { registerQuantity } from './quantity';
import { registerRegex } from './regex';
import { registerSemver } from './semver';
import { registerStrings } from './strings';
import { registerUrl } from './url';

/**
 * The CEL libraries that OCM adds to every placement's environment
 * (open-cluster-management-io/sdk-go `pkg/cel/common/values.go`, `BaseEnvOpts`): cel-go's
 * strings extension and Kubernetes' lists, regex, URLs, quantity, IP, CIDR, format and
 * semver libraries. Optional types are an option of the environment itself.
 */
export function registerKubernetesLibraries(env: Environment): Environment {
  return [
    registerStrings,
    registerLists,
    registerRegex,
    registerUrl,
    registerQuantity,
    registerNetwork,
    registerFormat,
    registerSemver,
  ].reduce((e, register) => register(e), env);
}
