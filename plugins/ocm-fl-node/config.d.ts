export interface Config {
  /** Federated learning on Open Cluster Management. */
  ocmFl?: {
    /**
     * The OCM hubs to work with. Each is reached through its Kubernetes API with a service
     * account token; see docs for the RBAC that account needs.
     */
    hubs: Array<{
      /** Short name of the hub (DNS-1123 label), unique among the hubs. */
      name: string;
      /** URL of the hub's Kubernetes API server, e.g. https://hub.example:6443. */
      url: string;
      /**
       * Bearer token of the backend's service account on the hub.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** PEM of the CA that signed the hub's serving certificate, base64-encoded. */
      caData?: string;
      /** Skip TLS verification of the hub. Development only. */
      skipTLSVerify?: boolean;
    }>;
    /**
     * Hub namespace that holds the jobs' Placements; it needs ManagedClusterSetBindings for
     * the cluster sets that jobs may use. Default: federated-learning.
     */
    namespace?: string;
    /** Where the backend reads trained models from. */
    storage?: {
      s3?: {
        /** Bucket that holds models, one prefix per job. */
        bucket: string;
        /** Region of the bucket. Default: us-east-1. */
        region?: string;
        /** Endpoint of an S3-compatible store; leave out for AWS S3. */
        endpoint?: string;
        /** Use path-style addressing (most S3-compatible stores need it). */
        forcePathStyle?: boolean;
        /**
         * How long a model download link stays valid, in seconds (60 to 604800, S3's
         * limit). Default: 300.
         */
        downloadExpirySeconds?: number;
        /** Static credentials; leave out to use the SDK's default provider chain. */
        credentials?: {
          /** @visibility secret */
          accessKeyId: string;
          /** @visibility secret */
          secretAccessKey: string;
        };
      };
    };
    /** The catalog entities the backend provides; both are on by default. */
    catalog?: {
      /** Owner of the cluster entities (an entity ref). Default: group:default/platform. */
      owner?: string;
      /** Managed clusters as `kind: Resource`, `spec.type: kubernetes-cluster`. */
      clusters?: { enabled?: boolean };
      /** Trained models as `kind: Resource`, `spec.type: ai-model`. */
      models?: { enabled?: boolean };
    };
    /** The task that records phase changes, writes job.json and removes expired jobs. */
    lifecycle?: {
      /** Seconds between passes (it also runs on hub changes). Default: 5. */
      intervalSeconds?: number;
    };
  };
}
