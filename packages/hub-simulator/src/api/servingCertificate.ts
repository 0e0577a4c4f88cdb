import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const algorithm = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
} as const;

const toPem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n?$/, '\n')}-----END ${label}-----\n`;

/**
 * A throw-away CA and a serving certificate for the simulator's HTTPS endpoint, valid for
 * `hosts` (names and IPs). Clients trust `caPem` as they would a hub's CA.
 */
export async function createServingCertificate(hosts: string[]) {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=ocm-hub-simulator-ca',
    notBefore,
    notAfter,
    keys: caKeys as CryptoKeyPair,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  const keys = await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ]);
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=ocm-hub-simulator',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey as CryptoKey,
    signingKey: (caKeys as CryptoKeyPair).privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map(h => ({
          type: (isIp(h) ? 'ip' : 'dns') as x509.GeneralNameType,
          value: h,
        })),
      ),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey(
    'pkcs8',
    (keys as CryptoKeyPair).privateKey,
  );
  return {
    caPem: ca.toString('pem'),
    certPem: cert.toString('pem'),
    keyPem: toPem('PRIVATE KEY', keyDer),
  };
}
