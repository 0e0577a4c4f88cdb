import { NotFoundError } from '@backstage/errors';
import { Request, Response } from 'express';
import {
  clusterView,
  isClusterSetMember,
  ocmFlClusterReadPermission,
  placementSelectionSchema,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  ClusterList,
  listedClustersOf,
  previewPlacementOn,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { z } from 'zod';
import { cacheStates, RouteContext, Routes } from '../service/context';
import {
  queryChoice,
  queryInteger,
  queryName,
  queryParameters,
  queryText,
} from '../service/query';
import {
  canJoinGzip,
  DeflatedText,
  deflateText,
  gzipOf,
} from '../service/gzipParts';
import { selectHubs } from '../service/hubs';
import { requestCheck } from '../service/requestChecks';

const clustersQuery = queryParameters({
  search: queryText().optional(),
  available: queryChoice(['true', 'false']).optional(),
  clusterSet: queryName().optional(),
  hub: queryName().optional(),
  limit: queryInteger(1, 10_000, 1000),
  offset: queryInteger(0, 1_000_000, 0),
});

/** Each hub's whole cluster list compressed, kept until the next change of its clusters. */
const deflatedLists = new WeakMap<ClusterList, DeflatedText>();

/** The JSON of the clusters of a whole list, without its brackets, compressed once. */
function deflatedItemsOf(list: ClusterList): DeflatedText {
  let deflated = deflatedLists.get(list);
  if (!deflated) {
    deflated = deflateText(list.json().slice(1, -1));
    deflatedLists.set(list, deflated);
  }
  return deflated;
}

/**
 * `{"total":…,"items":[every cluster of the lists],"hubs":…}`, gzipped when `gzip`: then
 * each list's kept compressed JSON is joined with the small parts around it, so an answer
 * compresses a few hundred bytes rather than megabytes.
 */
function wholeListAnswer(
  lists: ClusterList[],
  head: string,
  tail: string,
  gzip: boolean,
): string | Buffer {
  const nonEmpty = lists.filter(list => list.clusters.length > 0);
  if (!gzip) {
    return `${head}[${nonEmpty
      .map(list => list.json().slice(1, -1))
      .join(',')}]${tail}`;
  }
  return gzipOf([
    deflateText(`${head}[`),
    ...nonEmpty.flatMap((list, i) => [
      ...(i > 0 ? [deflateText(',')] : []),
      deflatedItemsOf(list),
    ]),
    deflateText(`]${tail}`),
  ]);
}

/** Managed clusters, cluster sets and placement previews, all served from the hub caches. */
export function clusterRoutes(ctx: RouteContext, { checks, api }: Routes) {
  const readClusters = (what: string) => (req: Request) =>
    ctx.authorize(req, ocmFlClusterReadPermission, what);

  const list = requestCheck({
    authorize: readClusters('see clusters'),
    query: clustersQuery,
  });
  checks.get('/clusters', list.run);
  api.get('/clusters', async (req, res) => {
    const { query } = list.checked(req);
    const search = query.search?.toLowerCase();
    const lists = selectHubs(ctx.hubs, query.hub).map(listedClustersOf);
    const filtered = !!(query.available || query.clusterSet || search);
    const matching = lists
      .flatMap(l => l.clusters)
      .filter(
        ({ view: c, labelTexts }) =>
          (query.available === undefined ||
            String(c.available) === query.available) &&
          (!query.clusterSet || c.clusterSet === query.clusterSet) &&
          (!search ||
            c.name.includes(search) ||
            labelTexts.some(text => text.includes(search))),
      );
    const whole =
      !filtered && query.offset === 0 && query.limit >= matching.length;
    const head = `{"total":${matching.length},"items":`;
    const tail = `,"hubs":${JSON.stringify(cacheStates(ctx))}}`;
    // Each cluster's JSON is kept with its view, and the whole list's (also compressed) until
    // the next change of a cluster: an answer joins them rather than serializing thousands of
    // views. Sent as it is, which the schema's typed `send` does not take.
    const response = res as unknown as Response;
    response.type('json').vary('Accept-Encoding');
    if (!whole) {
      const page = matching.slice(query.offset, query.offset + query.limit);
      response.send(`${head}[${page.map(c => c.json).join(',')}]${tail}`);
      return;
    }
    const gzip = canJoinGzip && req.acceptsEncodings('gzip') === 'gzip';
    if (gzip) response.set('Content-Encoding', 'gzip');
    response.send(wholeListAnswer(lists, head, tail, gzip));
  });

  const one = requestCheck({ authorize: readClusters('see clusters') });
  checks.get('/clusters/:name', one.run);
  api.get('/clusters/:name', async (req, res) => {
    one.checked(req);
    for (const hub of ctx.hubs) {
      const cluster = hub.cache.cluster(req.params.name);
      if (cluster) {
        res.json(
          clusterView(
            hub.name,
            cluster,
            hub.cache.jobsOnCluster(req.params.name),
          ),
        );
        return;
      }
    }
    throw new NotFoundError(
      `cluster ${req.params.name} is not a managed cluster of any configured hub`,
    );
  });

  const sets = requestCheck({
    authorize: readClusters('see cluster sets'),
    query: queryParameters({ hub: queryName().optional() }),
  });
  checks.get('/clustersets', sets.run);
  api.get('/clustersets', async (req, res) => {
    const { query } = sets.checked(req);
    const items = selectHubs(ctx.hubs, query.hub).flatMap(hub => {
      const bound = new Set(
        hub.cache
          .bindings()
          .filter(b => b.metadata.namespace === ctx.namespace)
          .map(b => b.spec?.clusterSet),
      );
      const clusters = hub.cache.clusters();
      return hub.cache.clusterSets().map(set => ({
        hub: hub.name,
        name: set.metadata.name,
        selectorType:
          set.spec?.clusterSelector?.selectorType ?? 'ExclusiveClusterSetLabel',
        clusters: clusters
          .filter(c => isClusterSetMember(c, set))
          .map(c => c.metadata.name),
        // Jobs may only use sets bound to the jobs' namespace.
        boundToJobNamespace: bound.has(set.metadata.name),
      }));
    });
    res.json({ items, hubs: cacheStates(ctx) });
  });

  const preview = requestCheck({
    authorize: readClusters('preview a placement'),
    body: z.strictObject({
      hub: z.string().optional(),
      placement: placementSelectionSchema,
    }),
  });
  checks.post('/placement/preview', preview.run);
  api.post('/placement/preview', async (req, res) => {
    const { body } = preview.checked(req);
    const hub = selectHubs(ctx.hubs, body.hub)[0];
    // Served from the cache: the same scheduling rules as OCM, without asking the hub.
    const result = previewPlacementOn(hub.cache.placementSnapshot(), {
      namespace: ctx.namespace,
      selection: body.placement,
    });
    res.json({
      hub: hub.name,
      selected: result.selected,
      conditions: result.conditions,
      verdicts: result.verdicts,
    });
  });
}
