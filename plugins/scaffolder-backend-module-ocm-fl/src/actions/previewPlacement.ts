import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ocmFlClusterReadPermission,
  placementSelectionSchema,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  OcmFlHubsService,
  previewPlacementOn,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { examples } from './previewPlacement.examples';

/**
 * `ocm-fl:placement:preview`: which managed clusters a selection matches, and why each
 * other cluster is out, by OCM's scheduling rules; creates nothing.
 */
export function createPreviewPlacementAction(options: {
  hubs: OcmFlHubsService;
  permissions: PermissionsService;
}) {
  return createTemplateAction({
    id: 'ocm-fl:placement:preview',
    description:
      'Shows which managed clusters a placement selection matches, without creating anything',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        placement: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'clusterSets, predicates (labelSelector, claimSelector, celExpressions), numberOfClusters, prioritizers, tolerations',
            ),
        hub: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the hub in ocmFl.hubs; the first one when left out',
            ),
      },
      output: {
        clusters: z =>
          z
            .array(z.string())
            .describe('The clusters the selection matches, best first'),
        excluded: z =>
          z
            .array(z.object({ cluster: z.string(), reason: z.string() }))
            .describe('Every other cluster, with the reason'),
      },
    },
    async handler(ctx) {
      const [decision] = await options.permissions.authorize(
        [{ permission: ocmFlClusterReadPermission }],
        {
          credentials: await ctx.getInitiatorCredentials(),
        },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed: ${ocmFlClusterReadPermission.name} is required to preview a placement`,
        );
      }
      const selection = placementSelectionSchema.safeParse(ctx.input.placement);
      if (!selection.success) {
        throw new InputError(
          `Invalid placement: ${selection.error.issues
            .map(i => `placement.${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
      }
      const hub = options.hubs.hub(ctx.input.hub, 'hub');
      // From the hub's cache, as the portal's preview: a form previews on every change.
      const state = hub.cache.state();
      if (!state.synced) {
        throw new Error(
          `hub ${hub.name}: its cache has not listed the hub's objects yet (${
            state.error ?? 'listing'
          }); try again shortly`,
        );
      }
      const result = previewPlacementOn(hub.cache.placementSnapshot(), {
        namespace: options.hubs.namespace,
        selection: selection.data,
      });
      const satisfied = result.conditions.find(
        c => c.type === 'PlacementSatisfied',
      );
      ctx.logger.info(
        `${result.selected.length} clusters match (${satisfied?.reason}): ${
          result.selected.join(', ') || 'none'
        }`,
      );
      ctx.output('clusters', result.selected);
      ctx.output(
        'excluded',
        result.verdicts
          .filter(v => !v.selected)
          .map(v => ({ cluster: v.clusterName, reason: v.reason })),
      );
    },
  });
}
