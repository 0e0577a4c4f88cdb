import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  flowerServerNames,
  JobPki,
  JobSpec,
  KeyPair,
  SupernodeKey,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import sshpk from 'sshpk';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
} as const;
const VALIDITY_DAYS = 30;

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${base64.replace(
    /\n?$/,
    '\n',
  )}-----END ${label}-----\n`;
}

/** A key pair; only keys that go into a ManifestWork are `extractable` (exportable). */
const keys = (extractable: boolean) =>
  webcrypto.subtle.generateKey(ALGORITHM, extractable, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
const isIp = (host: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

async function leaf(options: {
  ca: x509.X509Certificate;
  caKey: CryptoKey;
  commonName: string;
  names: string[];
  usage: x509.ExtendedKeyUsage[];
  notBefore: Date;
  notAfter: Date;
}): Promise<KeyPair> {
  const pair = await keys(true);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${options.commonName}`,
    issuer: options.ca.subject,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    publicKey: pair.publicKey,
    signingKey: options.caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension(options.usage),
      new x509.SubjectAlternativeNameExtension(
        options.names.map(name => ({
          type: (isIp(name) ? 'ip' : 'dns') as x509.GeneralNameType,
          value: name,
        })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(options.ca),
    ],
  });
  return {
    certPem: cert.toString('pem'),
    keyPem: pem(
      'PRIVATE KEY',
      await webcrypto.subtle.exportKey('pkcs8', pair.privateKey),
    ),
  };
}

/**
 * A Flower SuperNode authentication key (ECDSA P-256, a NIST curve as Flower 1.26 requires:
 * `uses_nist_ec_curve` in flwr/supercore/primitives/asymmetric.py), OpenSSH-encoded as
 * `flower-supernode --auth-supernode-private-key` and `flwr supernode register` read it.
 */
async function supernodeKey(cluster: string): Promise<SupernodeKey> {
  const pair = await keys(true);
  const key = sshpk.parsePrivateKey(
    pem(
      'PRIVATE KEY',
      await webcrypto.subtle.exportKey('pkcs8', pair.privateKey),
    ),
    'pem',
  );
  key.comment = cluster;
  return {
    publicKey: key.toPublic().toString('ssh'),
    privateKey: key.toString('openssh'),
  };
}

/**
 * How each client proves who it is: a TLS client certificate (OpenFL's mutual TLS), or a
 * SuperNode authentication key (Flower, whose SuperNodes present no client certificate).
 *
 * @public
 */
export type ClientIdentity = 'certificate' | 'supernode-key';

/**
 * Mints a job's PKI (docs/security.md): a CA for this job only, an aggregator certificate whose
 * CN and SANs are the address clients dial (plus any in-cluster names), and per cluster either
 * a client certificate with CN = cluster name or a SuperNode key. The CA's private key cannot
 * be exported (WebCrypto, not extractable) and is dropped when this function returns, so
 * nothing can issue more certificates later.
 *
 * @public
 */
export async function mintJobPki(options: {
  job: string;
  aggregatorHost: string;
  aggregatorNames?: string[];
  clusters: string[];
  clientIdentity?: ClientIdentity;
  now?: Date;
}): Promise<JobPki> {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 24 * 3600_000);
  // Not extractable: the CA's private key can sign here and nowhere else, and is gone once
  // this function returns.
  const caKeys = await keys(false);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=ocm-fl ${options.job} CA`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const names = [
    ...new Set([options.aggregatorHost, ...(options.aggregatorNames ?? [])]),
  ];
  const aggregator = await leaf({
    ca,
    caKey: caKeys.privateKey,
    commonName: options.aggregatorHost,
    names,
    usage: [x509.ExtendedKeyUsage.serverAuth],
    notBefore,
    notAfter,
  });
  if (options.clientIdentity === 'supernode-key') {
    const supernodeKeys = await Promise.all(options.clusters.map(supernodeKey));
    return {
      caPem: ca.toString('pem'),
      aggregator,
      clients: {},
      supernodeKeys: Object.fromEntries(
        options.clusters.map((cluster, i) => [cluster, supernodeKeys[i]]),
      ),
    };
  }
  // Key generation and signing run on libuv's thread pool: issue them all at once.
  const pairs = await Promise.all(
    options.clusters.map(cluster =>
      leaf({
        ca,
        caKey: caKeys.privateKey,
        commonName: cluster,
        names: [cluster],
        usage: [x509.ExtendedKeyUsage.clientAuth],
        notBefore,
        notAfter,
      }),
    ),
  );
  const clients: Record<string, KeyPair> = Object.fromEntries(
    options.clusters.map((cluster, i) => [cluster, pairs[i]]),
  );
  return { caPem: ca.toString('pem'), aggregator, clients };
}

/**
 * The PKI a job needs, or none when its TLS is off: the aggregator certificate names the
 * address clients dial (and, for Flower, the SuperLink's in-cluster names); Flower clients
 * get SuperNode keys, OpenFL clients certificates.
 *
 * @public
 */
export async function mintPkiForJob(
  spec: JobSpec,
  aggregatorHost: string,
  clusters: string[],
): Promise<JobPki | undefined> {
  if (!spec.tls.enabled) return undefined;
  return mintJobPki({
    job: spec.name,
    aggregatorHost,
    aggregatorNames:
      spec.framework === 'flower'
        ? flowerServerNames(spec, aggregatorHost)
        : [],
    clusters,
    clientIdentity:
      spec.framework === 'flower' ? 'supernode-key' : 'certificate',
  });
}
