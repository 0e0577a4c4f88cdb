import { webcrypto } from 'node:crypto';
import {
  flowerServerNames,
  JobPki,
  JobSpec,
  SupernodeKey,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import sshpk from 'sshpk';
import { createServingCertificate } from '../api/servingCertificate';

/** A SuperNode key as the launcher mints one: ECDSA P-256 in OpenSSH encodings. */
export async function testSupernodeKey(cluster: string): Promise<SupernodeKey> {
  const pair = await webcrypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign', 'verify'],
  );
  const der = Buffer.from(
    await webcrypto.subtle.exportKey('pkcs8', pair.privateKey),
  );
  const key = sshpk.parsePrivateKey(
    `-----BEGIN PRIVATE KEY-----\n${der.toString(
      'base64',
    )}\n-----END PRIVATE KEY-----\n`,
    'pem',
  );
  key.comment = cluster;
  return {
    publicKey: key.toPublic().toString('ssh'),
    privateKey: key.toString('openssh'),
  };
}

/**
 * A Flower job's PKI for tests (the launcher's is in ocm-fl-node, which depends on this
 * package): a real CA, a SuperLink certificate for `host` and the in-cluster names, and a
 * SuperNode key per client.
 */
export async function testFlowerPki(
  spec: JobSpec,
  host: string,
  clients: string[],
): Promise<JobPki> {
  const serving = await createServingCertificate(flowerServerNames(spec, host));
  const keys = await Promise.all(clients.map(testSupernodeKey));
  return {
    caPem: serving.caPem,
    aggregator: { certPem: serving.certPem, keyPem: serving.keyPem },
    clients: {},
    supernodeKeys: Object.fromEntries(clients.map((c, i) => [c, keys[i]])),
  };
}
