import { cleanAbsolutePath } from './fieldRules';
import { dnsSubdomain } from './kubernetesNames';

const pvcName = dnsSubdomain('a PVC name');

/**
 * Where a client's data is, from a value that is not in the spec (a cluster's ClusterClaim,
 * or `--data` when rendering offline): a clean absolute host path, or a PVC name. Held to
 * the same rules as `data.path` and `data.claimName`.
 *
 * @public
 */
export function parseDataLocation(
  value: string,
):
  | { success: true; data: { hostPath: string } | { claimName: string } }
  | { success: false; message: string } {
  const asPath = value.startsWith('/');
  const result = (asPath ? cleanAbsolutePath : pvcName).safeParse(value);
  if (!result.success)
    return {
      success: false,
      message: `"${value.slice(0, 64)}${value.length > 64 ? '…' : ''}" ${
        result.error.issues[0].message
      }`,
    };
  return {
    success: true,
    data: asPath ? { hostPath: result.data } : { claimName: result.data },
  };
}
