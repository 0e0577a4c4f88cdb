import { parse as parseYaml } from 'yaml';
import {
  describeJobSpecIssues,
  parseJobSpec,
  renderJob,
  resolveStorageLocation,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { mintPkiForJob } from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { CodeBlock } from '../../markdown';
import { validateManifest } from '../manifests';
import { devStorageLocations } from './repoAppConfig';

/**
 * A job spec: valid, and rendered into the Placement and works that a launch would apply,
 * each validated against the CRDs and Kubernetes schemas. With `invalid field=<path>` the
 * spec must be refused with an issue naming that field.
 */
export async function checkJobSpec(block: CodeBlock) {
  const parsed = parseJobSpec(parseYaml(block.content));
  if ('invalid' in block.options) {
    if (parsed.success) throw new Error('the spec is valid, the page says not');
    const field = block.options.field;
    if (!parsed.issues.some(issue => issue.field === field))
      throw new Error(
        `no issue names ${field}: ${describeJobSpecIssues(parsed.issues)}`,
      );
    return;
  }
  if (!parsed.success)
    throw new Error(
      `invalid job spec: ${describeJobSpecIssues(parsed.issues)}`,
    );
  const spec = parsed.spec;
  let storageLocation;
  if (spec.storage.type === 's3') {
    const resolved = resolveStorageLocation(
      spec.storage.location,
      devStorageLocations(),
      undefined,
    );
    if ('problem' in resolved)
      throw new Error(`${resolved.problem} (in app-config.yaml)`);
    storageLocation = resolved.location;
  }
  const clusters =
    'clusters' in spec.clients
      ? spec.clients.clusters
      : ['placed-cluster-1', 'placed-cluster-2', 'placed-cluster-3'];
  const participants = clusters.map(cluster => ({
    cluster,
    data:
      spec.data.type === 'pvc'
        ? { claimName: spec.data.claimName }
        : {
            hostPath: spec.data.type === 'hostPath' ? spec.data.path : '/data',
          },
  }));
  const host = 'aggregator.example.org';
  const rendered = renderJob({
    spec,
    namespace: 'federated-learning',
    participants,
    aggregatorAddress: { host, port: 9092 },
    storageLocation,
    pki: await mintPkiForJob(
      spec,
      host,
      participants.map(p => p.cluster),
    ),
    s3CredentialsData: {
      AWS_ACCESS_KEY_ID: 'a2V5',
      AWS_SECRET_ACCESS_KEY: 'c2VjcmV0',
    },
  });
  [
    ...(rendered.placement ? [rendered.placement] : []),
    rendered.aggregatorWork,
    ...rendered.clientWorks,
  ].forEach(validateManifest);
}
