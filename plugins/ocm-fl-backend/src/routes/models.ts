import { InputError, NotFoundError } from '@backstage/errors';
import {
  ModelDetail,
  ModelDownload,
  modelLineage,
  modelSummary,
  ocmFlModelDownloadPermission,
  ocmFlModelReadPermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  JobModelRef,
  ModelLocationError,
  S3ModelStore,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { Request } from 'express';
import { z } from 'zod';
import { RouteContext, Routes } from '../service/context';
import {
  queryChoice,
  queryInteger,
  queryName,
  queryParameters,
  queryText,
} from '../service/query';
import { requestCheck } from '../service/requestChecks';

const modelsQuery = queryParameters({
  search: queryText().optional(),
  /** Each model with its versions: the catalog reads every model in a few pages. */
  versions: queryChoice(['true', 'false']).default('false'),
  limit: queryInteger(1, 1000, 100),
  offset: queryInteger(0, 1_000_000, 0),
});

const downloadParams = z.strictObject({
  name: queryName(),
  version: queryInteger(1, 1_000_000, 1),
});

function modelRefOf(
  store: Pick<S3ModelStore, 'refOfUri'>,
  uri: string,
): JobModelRef {
  try {
    return store.refOfUri(uri);
  } catch (error) {
    if (error instanceof ModelLocationError)
      throw new InputError(error.message);
    throw error;
  }
}

/** Trained models from the lineage store: lists, versions with lineage, downloads. */
export function modelRoutes(ctx: RouteContext, { checks, api }: Routes) {
  const readModels = (req: Request) =>
    ctx.authorize(req, ocmFlModelReadPermission, 'see models');

  const list = requestCheck({ authorize: readModels, query: modelsQuery });
  checks.get('/models', list.run);
  api.get('/models', async (req, res) => {
    const { query } = list.checked(req);
    const search = query.search?.toLowerCase();
    const models = await ctx.lineage.models();
    const items = [...models]
      .map(([name, versions]) => modelSummary(name, versions))
      .filter(m => !search || m.name.includes(search))
      .sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
    const page = items.slice(query.offset, query.offset + query.limit);
    res.json({
      total: items.length,
      items:
        query.versions === 'true'
          ? page.map(m => ({ ...m, versions: models.get(m.name)! }))
          : page,
    });
  });

  const versionsOr404 = async (name: string) => {
    const versions = await ctx.lineage.modelVersions(name);
    if (versions.length === 0) {
      throw new NotFoundError(
        `model ${name} has no versions: no succeeded job trained it`,
      );
    }
    return versions;
  };

  const one = requestCheck({ authorize: readModels });
  checks.get('/models/:name', one.run);
  api.get('/models/:name', async (req, res) => {
    one.checked(req);
    const versions = await versionsOr404(req.params.name);
    const body: ModelDetail = {
      ...modelSummary(req.params.name, versions),
      versions,
      lineage: modelLineage(versions),
    };
    res.json(body);
  });

  // POST: a download link is a capability handed out per request, not a cacheable read.
  const download = requestCheck({
    authorize: req =>
      ctx.authorize(req, ocmFlModelDownloadPermission, 'download a model'),
    params: downloadParams,
    query: queryParameters({ file: queryText(1024).min(1).optional() }),
  });
  const downloadPath = '/models/:name/versions/:version/download';
  checks.post(downloadPath, download.run);
  api.post(downloadPath, async (req, res) => {
    const {
      params,
      query: { file },
    } = download.checked(req);
    const versions = await versionsOr404(params.name);
    const version = versions.find(v => v.version === params.version);
    if (!version) {
      throw new NotFoundError(
        `model ${params.name} has no version ${
          params.version
        }; versions: ${versions.map(v => v.version).join(', ')}`,
      );
    }
    if (version.storage !== 's3' || !ctx.modelStore) {
      throw new InputError(
        `model ${params.name} version ${params.version} is stored at ${version.location}: only models in S3 can be downloaded through the portal`,
      );
    }
    // A record that points outside the configured locations is refused, never signed.
    const ref = modelRefOf(ctx.modelStore, version.location);
    const chosen = file ?? version.files[0];
    if (!chosen || !version.files.includes(chosen)) {
      throw new InputError(
        `query.file: must be one of the version's files: ${
          version.files.join(', ') || '(none)'
        }`,
      );
    }
    const url = await ctx.modelStore.downloadUrl(
      ref,
      chosen,
      ctx.downloadExpirySeconds,
    );
    const body: ModelDownload = {
      url,
      file: chosen,
      expiresAt: new Date(
        Date.now() + ctx.downloadExpirySeconds * 1000,
      ).toISOString(),
    };
    res.json(body);
  });
}
