import { JobSpec } from '../job/jobSpec';
import { ModelStorageLocation } from '../storage/modelStorageLocation';

/** A Kubernetes object as rendered: plain JSON. @public */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
};

/** A PEM certificate with its private key. @public */
export interface KeyPair {
  certPem: string;
  keyPem: string;
}

/**
 * A Flower SuperNode's authentication key pair, in the OpenSSH encodings Flower 1.26 reads:
 * `flower-supernode --auth-supernode-private-key` loads the private key and
 * `flwr supernode register` the public one. @public
 */
export interface SupernodeKey {
  /** One line, `ecdsa-sha2-nistp256 AAAA...`. */
  publicKey: string;
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` ... */
  privateKey: string;
}

/** The per-job PKI (docs/security.md): each private key goes only to the cluster that uses it. @public */
export interface JobPki {
  caPem: string;
  aggregator: KeyPair;
  /** Per client cluster, its TLS client certificate (OpenFL's mutual TLS); none for Flower. */
  clients: Record<string, KeyPair>;
  /** Per client cluster, its SuperNode authentication key (Flower); none for OpenFL. */
  supernodeKeys?: Record<string, SupernodeKey>;
}

/** A participant and where its training data is. @public */
export interface Participant {
  cluster: string;
  /** Host path (starts with "/") or PVC name of the cluster's data. */
  data: { hostPath: string } | { claimName: string };
}

/** Everything the renderer needs beyond the spec; all of it is decided by the launcher. @public */
export interface RenderInput {
  spec: JobSpec;
  /** Hub namespace of the job's Placement. */
  namespace: string;
  participants: Participant[];
  /** What clients dial to reach the aggregator (also the certificate's name). */
  aggregatorAddress: { host: string; port: number };
  /** Absent when `spec.tls.enabled` is false. */
  pki?: JobPki;
  /** The configured location that `spec.storage.location` names, resolved by the launcher. */
  storageLocation?: ModelStorageLocation;
  /** Data of the location's hub Secret (`credentialsSecret`), already base64 as in a Secret. */
  s3CredentialsData?: Record<string, string>;
  /** The initiating user's entity ref, for the created-by annotation. */
  createdBy?: string;
  /** Identifies the launch (a label on the hub objects); a resumed launch reuses it. */
  runId?: string;
}

/** The hub objects of a job (docs/architecture.md). @public */
export interface RenderedJob {
  placement?: Manifest;
  aggregatorWork: Manifest;
  clientWorks: Manifest[];
}

export type { JobSpec };
