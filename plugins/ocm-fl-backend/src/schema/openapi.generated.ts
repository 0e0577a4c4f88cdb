// Generated from openapi.yaml by scripts/generate-openapi-router.js; do not edit.
// Run `yarn generate:openapi` in plugins/ocm-fl-backend after changing openapi.yaml.
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'ocm-fl',
    version: '0.1.0',
    description:
      'The federated learning backend of the portal, mounted at /api/ocm-fl. Reads are served from a watch-fed cache of each OCM hub and from the lineage store; every route checks a permission (named in the description) and answers 403 naming it when it is missing. Invalid query parameters and bodies get 400 with the offending field named and what is allowed (e.g. `query.limit: must be a whole number from 1 to 1000 ...`): each query parameter is given once as plain text (not repeated, not `limit[]=`), numbers in decimal digits, and unknown parameters are refused. Error bodies carry no stack trace in production.',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  security: [
    {
      backstageToken: [],
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'getHealth',
        summary:
          'Each configured hub and whether it answers (ocm-fl.cluster.read)',
        responses: {
          '200': {
            description: 'Hub health',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HealthResponse',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/clusters': {
      get: {
        operationId: 'listClusters',
        summary: 'Managed clusters of every hub (ocm-fl.cluster.read)',
        parameters: [
          {
            name: 'search',
            in: 'query',
            schema: {
              type: 'string',
            },
            allowReserved: true,
            description: 'Part of the name or of a label "key=value"',
          },
          {
            name: 'available',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
            },
          },
          {
            name: 'clusterSet',
            in: 'query',
            schema: {
              type: 'string',
            },
          },
          {
            $ref: '#/components/parameters/hub',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 10000,
              default: 1000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of clusters',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'items', 'hubs'],
                  properties: {
                    total: {
                      type: 'integer',
                    },
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Cluster',
                      },
                    },
                    hubs: {
                      $ref: '#/components/schemas/CacheStates',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/clusters/{name}': {
      get: {
        operationId: 'getCluster',
        summary: 'One managed cluster (ocm-fl.cluster.read)',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The cluster',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Cluster',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/clustersets': {
      get: {
        operationId: 'listClusterSets',
        summary:
          'Cluster sets with their members and whether jobs may use them (ocm-fl.cluster.read)',
        parameters: [
          {
            $ref: '#/components/parameters/hub',
          },
        ],
        responses: {
          '200': {
            description: 'Cluster sets',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items', 'hubs'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: [
                          'hub',
                          'name',
                          'selectorType',
                          'clusters',
                          'boundToJobNamespace',
                        ],
                        properties: {
                          hub: {
                            type: 'string',
                          },
                          name: {
                            type: 'string',
                          },
                          selectorType: {
                            type: 'string',
                            enum: ['ExclusiveClusterSetLabel', 'LabelSelector'],
                          },
                          clusters: {
                            type: 'array',
                            items: {
                              type: 'string',
                            },
                          },
                          boundToJobNamespace: {
                            type: 'boolean',
                            description:
                              "A ManagedClusterSetBinding in the jobs' namespace lets jobs use the set",
                          },
                        },
                      },
                    },
                    hubs: {
                      $ref: '#/components/schemas/CacheStates',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/placement/preview': {
      post: {
        operationId: 'previewPlacement',
        summary:
          'Which clusters a selection matches, and why the others do not (ocm-fl.cluster.read)',
        description:
          "Uses the same scheduling rules as OCM's placement controller, from the cache, without creating a Placement.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['placement'],
                additionalProperties: false,
                properties: {
                  hub: {
                    type: 'string',
                  },
                  placement: {
                    type: 'object',
                    description:
                      'The `clients.placement` part of a job spec (see the job spec reference).',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The outcome of scheduling',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['hub', 'selected', 'conditions', 'verdicts'],
                  properties: {
                    hub: {
                      type: 'string',
                    },
                    selected: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                    conditions: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['type', 'status', 'reason', 'message'],
                        properties: {
                          type: {
                            type: 'string',
                          },
                          status: {
                            type: 'string',
                          },
                          reason: {
                            type: 'string',
                          },
                          message: {
                            type: 'string',
                          },
                        },
                      },
                    },
                    verdicts: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: [
                          'clusterName',
                          'selected',
                          'stage',
                          'reason',
                        ],
                        properties: {
                          clusterName: {
                            type: 'string',
                          },
                          selected: {
                            type: 'boolean',
                          },
                          stage: {
                            type: 'string',
                            enum: [
                              'clusterSet',
                              'deleting',
                              'predicate',
                              'taint',
                              'misconfigured',
                              'notTopN',
                              'selected',
                            ],
                          },
                          reason: {
                            type: 'string',
                          },
                          score: {
                            type: 'number',
                          },
                          scores: {
                            type: 'object',
                            additionalProperties: {
                              type: 'number',
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/jobs': {
      get: {
        operationId: 'listJobs',
        summary:
          'Jobs on the hubs and, unless archived=false, jobs that left them, newest first (ocm-fl.job.read)',
        parameters: [
          {
            name: 'phase',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/JobPhase',
            },
          },
          {
            name: 'framework',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['flower', 'openfl'],
            },
          },
          {
            name: 'cluster',
            in: 'query',
            schema: {
              type: 'string',
            },
            description: 'Jobs with this cluster as aggregator or client',
          },
          {
            name: 'archived',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
              default: 'true',
            },
          },
          {
            $ref: '#/components/parameters/hub',
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of jobs',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'items', 'hubs'],
                  properties: {
                    total: {
                      type: 'integer',
                    },
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/JobSummary',
                      },
                    },
                    hubs: {
                      $ref: '#/components/schemas/CacheStates',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/jobs/{name}': {
      get: {
        operationId: 'getJob',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        summary: 'One job in full (ocm-fl.job.read)',
        description:
          "Progress is the round the lifecycle task last recorded, as in the list. Metrics and model files come from the job's model location; when S3 cannot be read, `modelError` says why and the rest is still served. Metrics, `model` (files, checkpoints, location) and `modelError` are only for callers who also hold ocm-fl.model.read.",
        responses: {
          '200': {
            description: 'The job',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/JobDetail',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
      delete: {
        operationId: 'deleteJob',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        summary:
          "Removes the job's Placement and ManifestWorks from the hub (if it is still there) and the job from the lists; the model and the lineage record, shown on the job's own page, stay (ocm-fl.job.delete, for this job)",
        responses: {
          '200': {
            description: 'What was deleted',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['deleted'],
                  properties: {
                    deleted: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/jobs/{name}/stop': {
      post: {
        operationId: 'stopJob',
        summary:
          'Stops a running job; its model so far stays (ocm-fl.job.delete, for this job)',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'What was stopped',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['stopped'],
                  properties: {
                    stopped: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/models': {
      get: {
        operationId: 'listModels',
        summary: 'Trained models, latest first (ocm-fl.model.read)',
        parameters: [
          {
            name: 'search',
            in: 'query',
            schema: {
              type: 'string',
            },
            allowReserved: true,
          },
          {
            name: 'versions',
            in: 'query',
            description:
              'true: each model also carries its versions, so that a reader of every model (such as the catalog) needs one request per page rather than one per model.',
            schema: {
              type: 'string',
              enum: ['true', 'false'],
              default: 'false',
            },
          },
          {
            $ref: '#/components/parameters/offset',
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of models',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['total', 'items'],
                  properties: {
                    total: {
                      type: 'integer',
                    },
                    items: {
                      type: 'array',
                      items: {
                        allOf: [
                          {
                            $ref: '#/components/schemas/ModelSummary',
                          },
                          {
                            type: 'object',
                            properties: {
                              versions: {
                                description:
                                  'With versions=true, oldest first.',
                                type: 'array',
                                items: {
                                  $ref: '#/components/schemas/ModelVersion',
                                },
                              },
                            },
                          },
                        ],
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/models/{name}': {
      get: {
        operationId: 'getModel',
        summary:
          'One model with its versions and lineage graph (ocm-fl.model.read)',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The model',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ModelDetail',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/models/{name}/versions/{version}/download': {
      post: {
        operationId: 'downloadModelVersion',
        summary:
          'A short-lived presigned S3 URL for one file of a model version (ocm-fl.model.download)',
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'version',
            in: 'path',
            required: true,
            schema: {
              type: 'integer',
              minimum: 1,
            },
          },
          {
            name: 'file',
            in: 'query',
            schema: {
              type: 'string',
            },
            allowReserved: true,
            description: "One of the version's files; default the first",
          },
        ],
        responses: {
          '200': {
            description: 'The link',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['url', 'expiresAt', 'file'],
                  properties: {
                    url: {
                      type: 'string',
                    },
                    expiresAt: {
                      type: 'string',
                      format: 'date-time',
                    },
                    file: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/events': {
      get: {
        operationId: 'followChanges',
        summary:
          'Server-sent events of hub and lineage changes (one of ocm-fl.cluster.read, ocm-fl.job.read, ocm-fl.model.read)',
        description:
          '`event: change` with `data` a JSON object {hub, kind, type, name, namespace?, job?, phase?, version?} (the schema `Change`); kind is one of clusters, clusterSets, bindings, placements, decisions, works (hub objects), lineage (a recorded phase change) or models (a new model version). Comments (`: heartbeat`) every 15 s keep the connection open. A caller gets only the kinds they may read, as decided when the stream opens: clusters, clusterSets and bindings with ocm-fl.cluster.read; placements, decisions and works with ocm-fl.job.read; lineage and models with ocm-fl.model.read.',
        responses: {
          '200': {
            description: 'The stream',
            content: {
              'text/event-stream': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
  },
  components: {
    securitySchemes: {
      backstageToken: {
        type: 'http',
        scheme: 'bearer',
      },
    },
    parameters: {
      hub: {
        name: 'hub',
        in: 'query',
        schema: {
          type: 'string',
        },
        description: 'Only this hub (its name in ocmFl.hubs)',
      },
      offset: {
        name: 'offset',
        in: 'query',
        schema: {
          type: 'integer',
          minimum: 0,
          maximum: 1000000,
          default: 0,
        },
      },
    },
    responses: {
      BadRequest: {
        description: 'Invalid input; the message names the field',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Forbidden: {
        description: 'The caller lacks the permission named in the message',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      NotFound: {
        description: 'No such object',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
        },
      },
      HealthResponse: {
        type: 'object',
        required: ['status', 'hubs'],
        properties: {
          status: {
            type: 'string',
            enum: ['ok', 'degraded'],
          },
          hubs: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'url', 'state'],
              properties: {
                name: {
                  type: 'string',
                },
                url: {
                  type: 'string',
                },
                state: {
                  type: 'string',
                  enum: [
                    'ok',
                    'unreachable',
                    'unauthorized',
                    'error',
                    'unknown',
                  ],
                },
                message: {
                  type: 'string',
                },
                checkedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                latencyMs: {
                  type: 'number',
                },
                kubernetesVersion: {
                  type: 'string',
                },
                simulator: {
                  type: 'boolean',
                },
                warnings: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
        },
      },
      CacheStates: {
        type: 'object',
        description: "How current each hub's cache is, by hub name",
        additionalProperties: {
          type: 'object',
          required: ['synced', 'stale'],
          properties: {
            synced: {
              type: 'boolean',
              description:
                'Every kind comes from a complete list and its watch; false while a kind lists again after its watch could not resume',
            },
            stale: {
              type: 'boolean',
              description: 'A watch failed; the last known state is served',
            },
            error: {
              type: 'string',
            },
            lastContactAt: {
              type: 'string',
              format: 'date-time',
            },
          },
        },
      },
      Change: {
        type: 'object',
        description:
          'One change on a hub or in the lineage store (the data of a change event on /events)',
        required: ['hub', 'kind', 'type', 'name'],
        properties: {
          hub: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: [
              'clusters',
              'clusterSets',
              'bindings',
              'placements',
              'decisions',
              'works',
              'lineage',
              'models',
            ],
          },
          type: {
            type: 'string',
            enum: ['add', 'update', 'delete'],
          },
          name: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          job: {
            type: 'string',
            description: 'The job a lineage or models change comes from',
          },
          phase: {
            type: 'string',
            description: "The job's recorded phase (lineage changes)",
          },
          version: {
            type: 'integer',
            description: 'The new model version (models changes)',
          },
        },
      },
      StringMap: {
        type: 'object',
        additionalProperties: {
          type: 'string',
        },
      },
      Cluster: {
        type: 'object',
        required: [
          'hub',
          'name',
          'available',
          'labels',
          'claims',
          'capacity',
          'allocatable',
          'taints',
          'jobs',
        ],
        properties: {
          hub: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          available: {
            type: 'boolean',
          },
          clusterSet: {
            type: 'string',
          },
          labels: {
            $ref: '#/components/schemas/StringMap',
          },
          claims: {
            $ref: '#/components/schemas/StringMap',
          },
          capacity: {
            $ref: '#/components/schemas/StringMap',
          },
          allocatable: {
            $ref: '#/components/schemas/StringMap',
          },
          kubernetesVersion: {
            type: 'string',
          },
          taints: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'effect'],
              properties: {
                key: {
                  type: 'string',
                },
                value: {
                  type: 'string',
                },
                effect: {
                  type: 'string',
                },
              },
            },
          },
          jobs: {
            type: 'array',
            items: {
              type: 'string',
            },
            description: 'Jobs with a workload on the cluster',
          },
        },
      },
      JobPhase: {
        type: 'string',
        enum: [
          'Pending',
          'Deploying',
          'Running',
          'Succeeded',
          'Failed',
          'Stopped',
        ],
      },
      JobSummary: {
        type: 'object',
        required: ['hub', 'name', 'phase', 'reason', 'clients'],
        properties: {
          hub: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          framework: {
            type: 'string',
            enum: ['flower', 'openfl'],
          },
          rounds: {
            type: 'integer',
          },
          minClients: {
            type: 'integer',
          },
          phase: {
            $ref: '#/components/schemas/JobPhase',
          },
          reason: {
            type: 'string',
          },
          aggregatorCluster: {
            type: 'string',
          },
          clients: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          runId: {
            type: 'string',
            description:
              "The launch that made the job's objects (their run label)",
          },
          archived: {
            type: 'boolean',
            description: "The job's objects are gone from the hub",
          },
          deletedAt: {
            type: 'string',
            format: 'date-time',
            description:
              "When a person deleted the job; deleted jobs leave the lists, their record stays for their model's lineage",
          },
          progress: {
            type: 'object',
            description:
              "The latest round the lifecycle task read from the job's model location (S3 only) and recorded, when known",
            required: ['round'],
            properties: {
              round: {
                type: 'integer',
              },
              of: {
                type: 'integer',
              },
            },
          },
        },
      },
      JobDetail: {
        allOf: [
          {
            $ref: '#/components/schemas/JobSummary',
          },
          {
            type: 'object',
            required: ['clusters', 'vanishedClusters', 'timeline', 'objects'],
            properties: {
              spec: {
                type: 'object',
                description: 'The job spec as launched',
              },
              clusters: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['cluster', 'role', 'state', 'reason'],
                  properties: {
                    cluster: {
                      type: 'string',
                    },
                    role: {
                      type: 'string',
                      enum: ['aggregator', 'client'],
                    },
                    state: {
                      type: 'string',
                      enum: [
                        'Pending',
                        'Applied',
                        'Running',
                        'Succeeded',
                        'Failed',
                        'Unreachable',
                      ],
                    },
                    reason: {
                      type: 'string',
                    },
                  },
                },
              },
              vanishedClusters: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              timeline: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/PhaseChange',
                },
              },
              objects: {
                type: 'array',
                description:
                  "The job's Placement and ManifestWorks on the hub, Secret values redacted",
                items: {
                  type: 'object',
                },
              },
              metrics: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/RoundMetrics',
                },
              },
              model: {
                type: 'object',
                required: ['location'],
                properties: {
                  location: {
                    type: 'string',
                  },
                  files: {
                    type: 'array',
                    items: {
                      type: 'string',
                    },
                  },
                  checkpoints: {
                    type: 'array',
                    items: {
                      type: 'integer',
                    },
                  },
                },
              },
              modelError: {
                type: 'string',
                description: 'Why the model store could not be read',
              },
            },
          },
        ],
      },
      PhaseChange: {
        type: 'object',
        required: ['phase', 'reason', 'at'],
        properties: {
          phase: {
            $ref: '#/components/schemas/JobPhase',
          },
          reason: {
            type: 'string',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      RoundMetrics: {
        type: 'object',
        required: ['round', 'metrics'],
        properties: {
          round: {
            type: 'integer',
          },
          metrics: {
            type: 'object',
            additionalProperties: {
              type: 'number',
            },
          },
        },
      },
      ModelSummary: {
        type: 'object',
        required: ['name', 'framework', 'versionCount', 'latestMetrics'],
        properties: {
          name: {
            type: 'string',
          },
          framework: {
            type: 'string',
          },
          versionCount: {
            type: 'integer',
          },
          latestVersion: {
            type: 'integer',
          },
          latestMetrics: {
            type: 'object',
            additionalProperties: {
              type: 'number',
            },
          },
          baseModel: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      ModelVersion: {
        type: 'object',
        required: [
          'version',
          'hub',
          'job',
          'framework',
          'rounds',
          'location',
          'storage',
          'files',
          'metrics',
          'metricsByRound',
          'aggregatorCluster',
          'participants',
          'createdAt',
        ],
        properties: {
          version: {
            type: 'integer',
          },
          hub: {
            type: 'string',
          },
          job: {
            type: 'string',
          },
          framework: {
            type: 'string',
          },
          frameworkVersion: {
            type: 'string',
          },
          rounds: {
            type: 'integer',
          },
          location: {
            type: 'string',
          },
          storage: {
            type: 'string',
            enum: ['s3', 'pvc'],
          },
          files: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          metrics: {
            type: 'object',
            additionalProperties: {
              type: 'number',
            },
          },
          metricsByRound: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RoundMetrics',
            },
          },
          aggregatorCluster: {
            type: 'string',
          },
          participants: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          baseModel: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      ModelDetail: {
        allOf: [
          {
            $ref: '#/components/schemas/ModelSummary',
          },
          {
            type: 'object',
            required: ['versions', 'lineage'],
            properties: {
              versions: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/ModelVersion',
                },
              },
              lineage: {
                type: 'object',
                required: ['nodes', 'edges'],
                properties: {
                  nodes: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'kind', 'label'],
                      properties: {
                        id: {
                          type: 'string',
                        },
                        kind: {
                          type: 'string',
                          enum: ['baseModel', 'job', 'cluster', 'modelVersion'],
                        },
                        label: {
                          type: 'string',
                        },
                        entityRef: {
                          type: 'string',
                        },
                      },
                    },
                  },
                  edges: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['from', 'to', 'kind'],
                      properties: {
                        from: {
                          type: 'string',
                        },
                        to: {
                          type: 'string',
                        },
                        kind: {
                          type: 'string',
                          enum: [
                            'startedFrom',
                            'trainedOn',
                            'aggregatedBy',
                            'produced',
                          ],
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
} as const;

/** An express router that validates requests against the schema and types the handlers by it. */
export const createOpenApiRouter = (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
