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
    /** Where jobs keep trained models in S3, and how the backend reads them. */
    storage?: {
      /**
       * The backend's own S3 client: it lists, reads, signs and writes job.json only inside
       * the locations below.
       */
      s3?: {
        /** Region of the store. Default: us-east-1. */
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
      /**
       * Where jobs may keep models in S3, chosen by the platform team. A job spec names one
       * (`storage.location`); bucket, prefix, endpoint, credentials and uploader image come
       * only from here. Without any, jobs keep models on a PVC.
       */
      locations?: Array<{
        /** What a job spec's `storage.location` names (DNS-1123 label), unique. */
        name: string;
        /** The S3 bucket. */
        bucket: string;
        /**
         * Key prefix; each job's folder is `<prefix>/<job>/`. Normalised: no leading or
         * trailing "/", no empty, "." or ".." segments. Default: "" (the bucket's root).
         */
        prefix?: string;
        /** Region of the bucket. Default: us-east-1. */
        region?: string;
        /**
         * Endpoint of an S3-compatible store as the uploader reaches it: http(s), a host and
         * an optional port, nothing else. Leave out for AWS S3.
         */
        endpoint?: string;
        /** Use path-style addressing (most S3-compatible stores need it). */
        forcePathStyle?: boolean;
        /**
         * A Secret in the hub's job namespace (`ocmFl.namespace`) with AWS_ACCESS_KEY_ID and
         * AWS_SECRET_ACCESS_KEY; it is copied into the aggregator's ManifestWork. Not with
         * serviceAccountAnnotations.
         */
        credentialsSecret?: string;
        /**
         * Workload identity instead: annotations for the aggregator's service account, such
         * as eks.amazonaws.com/role-arn.
         */
        serviceAccountAnnotations?: { [key: string]: string };
        /** Image of the upload sidecar (needs `aws s3 sync`). Default: amazon/aws-cli:2.22.35. */
        uploaderImage?: string;
        /** The hubs (names in ocmFl.hubs) whose jobs may use it; all hubs when left out. */
        hubs?: string[];
      }>;
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
