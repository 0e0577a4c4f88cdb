import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useMemo } from 'react';

export const rootRouteRef = createRouteRef();

export const jobRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/jobs/:name',
});

export const modelRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/models/:name',
});

/** A software template's page in the scaffolder, for relaunching a job with its values. */
export const templateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});

// The same refs made usable by the legacy frontend system too: the pages link to each other
// through them in either kind of app.
const legacyRootRouteRef = convertLegacyRouteRef(rootRouteRef);
const legacyJobRouteRef = convertLegacyRouteRef(jobRouteRef);
const legacyModelRouteRef = convertLegacyRouteRef(modelRouteRef);
const legacyTemplateRouteRef = convertLegacyRouteRef(templateRouteRef);

export const legacyRouteRefs = {
  root: legacyRootRouteRef,
  job: legacyJobRouteRef,
  model: legacyModelRouteRef,
  template: legacyTemplateRouteRef,
};

/**
 * Links to the plugin's pages, in the new and the legacy frontend system alike. The same
 * object while the routes stay the same, so table columns built from it can be memoized.
 */
export function useOcmFlLinks() {
  const root = useRouteRef(legacyRootRouteRef);
  const job = useRouteRef(legacyJobRouteRef);
  const model = useRouteRef(legacyModelRouteRef);
  const template = useRouteRef(legacyTemplateRouteRef);
  return useMemo(
    () => ({
      root: () => root(),
      job: (name: string) => job({ name }),
      model: (name: string) => model({ name }),
      /** Absent when the app has no scaffolder to link to. */
      template: template
        ? (templateName: string) =>
            template({ namespace: 'default', templateName })
        : undefined,
    }),
    [root, job, model, template],
  );
}
