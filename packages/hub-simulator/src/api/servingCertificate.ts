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

const generateKeys = () =>
  webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;

/**
 * A throw-away CA (valid for a year) that issues certificates for `hosts` (names and IPs)
 * with the given common name and use.
 */
export async function createCertificateAuthority(name: string) {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const caKeys = await generateKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name}`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  let serial = 1;
  const issue = async (leaf: {
    commonName: string;
    hosts: string[];
    use: 'server' | 'client';
  }) => {
    const keys = await generateKeys();
    const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
    serial += 1;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial.toString(16).padStart(2, '0'),
      subject: `CN=${leaf.commonName}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          leaf.use === 'server'
            ? x509.ExtendedKeyUsage.serverAuth
            : x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension(
          leaf.hosts.map(h => ({
            type: (isIp(h) ? 'ip' : 'dns') as x509.GeneralNameType,
            value: h,
          })),
        ),
      ],
    });
    const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return {
      certPem: cert.toString('pem'),
      keyPem: toPem('PRIVATE KEY', keyDer),
    };
  };
  return { caPem: ca.toString('pem'), issue };
}

/**
 * A throw-away CA and a serving certificate for the simulator's HTTPS endpoint, valid for
 * `hosts` (names and IPs). Clients trust `caPem` as they would a hub's CA.
 */
export async function createServingCertificate(hosts: string[]) {
  const ca = await createCertificateAuthority('ocm-hub-simulator-ca');
  const serving = await ca.issue({
    commonName: 'ocm-hub-simulator',
    hosts,
    use: 'server',
  });
  return { caPem: ca.caPem, ...serving };
}
