import {
  JobSpec,
  Manifest,
  ModelStorageLocation,
  Participant,
  redactSecrets,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { mintPkiForJob } from '../pki/jobPki';
import { forEachLimited } from './forEachLimited';
import { HubObject } from './HubObjects';
import { LaunchContext } from './launchContext';
import { LaunchOptions } from './launchOptions';
import { locationSecretData } from './launchPreflight';

/**
 * Mints the PKI, renders and applies the works, in one step so that keys stay in memory.
 * The aggregator's work goes first, then the clients', `concurrency` at once. Returns what
 * was applied with Secret values redacted.
 */
export async function applyJobWorks(
  context: Pick<LaunchContext, 'hub' | 'namespace' | 'concurrency'>,
  job: {
    spec: JobSpec;
    participants: Participant[];
    address: { host: string; port: number };
    storageLocation: ModelStorageLocation | undefined;
  },
  options: LaunchOptions,
): Promise<Manifest[]> {
  const { hub, concurrency } = context;
  const { spec, participants, address, storageLocation } = job;
  const pki = await mintPkiForJob(
    spec,
    address.host,
    participants.map(p => p.cluster),
  );
  const s3CredentialsData = storageLocation?.credentialsSecret
    ? await locationSecretData(
        context,
        storageLocation,
        storageLocation.credentialsSecret,
      )
    : undefined;
  const rendered = renderJob({
    spec,
    namespace: context.namespace,
    participants,
    aggregatorAddress: address,
    pki,
    storageLocation,
    s3CredentialsData,
    createdBy: options.createdBy,
    runId: options.runId,
  });
  const works = [
    rendered.aggregatorWork,
    ...rendered.clientWorks,
  ] as HubObject[];
  if (options.dryRun) {
    await forEachLimited(works, concurrency, w =>
      hub.apply(w, { dryRun: true }),
    );
  } else {
    await hub.apply(works[0]);
    await forEachLimited(works.slice(1), concurrency, w => hub.apply(w));
  }
  return [
    ...(rendered.placement ? [rendered.placement] : []),
    ...(works as Manifest[]),
  ].map(redactSecrets);
}
