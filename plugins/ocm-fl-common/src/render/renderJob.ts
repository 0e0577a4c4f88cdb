import { renderFlowerAggregator } from './flowerAggregator';
import { renderFlowerClient } from './flowerClient';
import { renderOpenflAggregator, renderOpenflClient } from './openfl';
import { renderPlacement } from './placement';
import { RenderedJob, RenderInput } from './types';

/**
 * Renders a job's hub objects (docs/architecture.md): the Placement, the aggregator's
 * ManifestWork and one client ManifestWork per participant. Pure: same input, same objects.
 *
 * @public
 */
export function renderJob(input: RenderInput): RenderedJob {
  const { spec } = input;
  if (spec.tls.enabled && !input.pki) {
    throw new Error('TLS is enabled but no PKI was given to the renderer');
  }
  if (input.participants.some(p => p.cluster === spec.aggregator.cluster)) {
    // Allowed by OCM, but the aggregator must never see training data: keep them apart.
    throw new Error(
      `the aggregator cluster ${spec.aggregator.cluster} cannot also be a client`,
    );
  }
  if (
    spec.storage.type === 's3' &&
    input.storageLocation?.name !== spec.storage.location
  ) {
    throw new Error(
      `storage.location: the renderer needs the configured location "${spec.storage.location}", resolved by the launcher`,
    );
  }
  const flower = spec.framework === 'flower';
  return {
    placement: renderPlacement(input),
    aggregatorWork: flower
      ? renderFlowerAggregator(input)
      : renderOpenflAggregator(input),
    clientWorks: input.participants.map(p =>
      flower ? renderFlowerClient(input, p) : renderOpenflClient(input, p),
    ),
  };
}
