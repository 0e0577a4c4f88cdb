export interface Config {
  /**
   * Development-only services that the backend starts itself, so that the portal runs on
   * a fresh machine. Leave this out in production.
   */
  ocmFlDev?: {
    /** An S3-compatible server (s3rver) for models. */
    embeddedS3?: {
      /** Port on 127.0.0.1. */
      port: number;
      /** Folder that holds the objects, relative to the backend's working directory. */
      directory: string;
      /** Bucket created at start. */
      bucket: string;
    };
    /** The OCM hub simulator (packages/hub-simulator), serving HTTPS on 127.0.0.1. */
    hubSimulator?: {
      /** Port on 127.0.0.1. */
      port: number;
      /**
       * Bearer token the simulator accepts; ocmFl.hubs[].serviceAccountToken must match.
       * @visibility secret
       */
      token: string;
      /** demo (default), empty or scale:N. */
      scenario?: string;
      /**
       * Where to write a kubeconfig for the simulator (with its fresh CA and the token), so
       * that kubectl can look at the portal's hub; relative to the backend's working directory.
       */
      kubeconfig?: string;
    };
  };
}
