import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ocmFlPermissions } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  ocmFlHubsServiceRef,
  ocmFlJobPermissionResourceRef,
  ocmFlJobPermissionRules,
  readOcmFlConfig,
  S3ModelStore,
} from '@ocm-fl/backstage-plugin-ocm-fl-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { JobLifecycle } from './lifecycle/JobLifecycle';
import { LineageChangeEvents } from './lifecycle/LineageChangeEvents';
import { LineageStore } from './lineage/LineageStore';
import { createRouter } from './router';
import { findLiveJob } from './service/hubs';

/**
 * The ocm-fl backend plugin: the portal's view of OCM hubs and federated learning jobs,
 * served from a watch-fed cache of each hub (the `ocmFlHubsServiceRef` service).
 *
 * @public
 */
export const ocmFlPlugin = createBackendPlugin({
  pluginId: 'ocm-fl',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        hubsService: ocmFlHubsServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        database,
        scheduler,
        events,
        hubsService,
      }) {
        // Throws with the offending key, which stops the backend at start.
        const ocmFlConfig = readOcmFlConfig(config);
        permissionsRegistry.addPermissions(ocmFlPermissions);

        const hubs = [...hubsService.hubs];
        const lineage = await LineageStore.create(database);
        // Lets the permission backend apply a policy's conditions (e.g. "launched by this
        // user") to a job named in a request, for the UI as for the routes.
        permissionsRegistry.addResourceType({
          resourceRef: ocmFlJobPermissionResourceRef,
          rules: Object.values(ocmFlJobPermissionRules),
          // A job that left the hub (finished, expired) is known by its lineage record.
          getResources: async names =>
            Promise.all(
              names.map(async name => {
                const job =
                  findLiveJob(hubs, name)?.detail ??
                  (await lineage.latestJob(name));
                return (
                  job && {
                    hub: job.hub,
                    name: job.name,
                    createdBy: job.createdBy,
                  }
                );
              }),
            ),
        });

        const modelStore = new S3ModelStore(ocmFlConfig.storage);
        const jobLifecycle = new JobLifecycle({
          hubs,
          store: lineage,
          modelStore,
          logger: logger.child({ task: 'ocm-fl-job-lifecycle' }),
        });
        // Whichever replica runs the task, every replica's stream hears what it recorded.
        const lineageChanges = await LineageChangeEvents.create({
          events,
          logger,
        });
        jobLifecycle.subscribe(change => void lineageChanges.publish(change));
        // Global: one replica at a time follows the jobs into the lineage store. A replica
        // that dies in a pass keeps the task's claim until the timeout, and the scheduler's
        // janitor frees expired claims once a minute (backend-defaults' scheduler,
        // PluginTaskSchedulerJanitor): a short timeout lets another replica, or the restarted
        // one, take over within about a minute and a half, not six. A pass takes well under a
        // second; one cut short by the timeout stops at its signal.
        await scheduler.scheduleTask({
          id: 'ocm-fl-job-lifecycle',
          scope: 'global',
          frequency: { seconds: ocmFlConfig.lifecycle.intervalSeconds },
          timeout: { seconds: 30 },
          fn: signal => jobLifecycle.runOnce(signal),
        });
        // And soon after a job's objects change, so that phases are recorded as they happen.
        let pending: NodeJS.Timeout | undefined;
        hubs.forEach(hub =>
          hub.cache.subscribe(change => {
            if (!change.job || pending) return;
            pending = setTimeout(() => {
              pending = undefined;
              // Already running is fine: that pass or the next sees the change.
              scheduler.triggerTask('ocm-fl-job-lifecycle').catch(() => {});
            }, 300);
          }),
        );

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            hubHealth: hubsService.health,
            hubs,
            namespace: hubsService.namespace,
            lineage,
            lineageChanges,
            modelStore,
            downloadExpirySeconds: ocmFlConfig.storage.s3.downloadExpirySeconds,
          }),
        );
      },
    });
  },
});
