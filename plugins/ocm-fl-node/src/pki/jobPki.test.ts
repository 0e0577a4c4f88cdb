import {
  createPrivateKey,
  createPublicKey,
  webcrypto,
  X509Certificate,
} from 'node:crypto';
import sshpk from 'sshpk';
import { mintJobPki } from './jobPki';

describe('mintJobPki', () => {
  it('issues an aggregator and client certificates that chain to the job CA', async () => {
    const pki = await mintJobPki({
      job: 'mnist',
      aggregatorHost: '198.51.100.7',
      aggregatorNames: ['superlink', 'superlink.fl-mnist.svc'],
      clusters: ['hospital-paris', 'hospital-madrid'],
    });
    const ca = new X509Certificate(pki.caPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=ocm-fl mnist CA');

    const aggregator = new X509Certificate(pki.aggregator.certPem);
    expect(aggregator.verify(ca.publicKey)).toBe(true);
    expect(aggregator.checkIssued(ca)).toBe(true);
    expect(aggregator.ca).toBe(false);
    expect(aggregator.subject).toBe('CN=198.51.100.7');
    expect(aggregator.checkIP('198.51.100.7')).toBe('198.51.100.7');
    expect(aggregator.checkHost('superlink.fl-mnist.svc')).toBe(
      'superlink.fl-mnist.svc',
    );
    expect(aggregator.checkHost('elsewhere.example')).toBeUndefined();
    expect(aggregator.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);

    for (const cluster of ['hospital-paris', 'hospital-madrid']) {
      const client = new X509Certificate(pki.clients[cluster].certPem);
      expect(client.verify(ca.publicKey)).toBe(true);
      expect(client.subject).toBe(`CN=${cluster}`);
      expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      // The key belongs to the certificate.
      const publicFromKey = createPublicKey(
        createPrivateKey(pki.clients[cluster].keyPem),
      ).export({ type: 'spki', format: 'der' });
      expect(
        Buffer.compare(
          publicFromKey,
          client.publicKey.export({ type: 'spki', format: 'der' }),
        ),
      ).toBe(0);
    }
  });

  it('uses a new CA per job, so one job cannot trust another', async () => {
    const a = await mintJobPki({
      job: 'a',
      aggregatorHost: 'agg.example',
      clusters: ['c1'],
    });
    const b = await mintJobPki({
      job: 'b',
      aggregatorHost: 'agg.example',
      clusters: ['c1'],
    });
    expect(
      new X509Certificate(b.clients.c1.certPem).verify(
        new X509Certificate(a.caPem).publicKey,
      ),
    ).toBe(false);
    expect(JSON.stringify(a)).not.toContain('CA PRIVATE');
  });

  it('names a DNS aggregator as a DNS SAN', async () => {
    const pki = await mintJobPki({
      job: 'x',
      aggregatorHost: 'fl.example.org',
      clusters: [],
    });
    const aggregator = new X509Certificate(pki.aggregator.certPem);
    expect(aggregator.subjectAltName).toBe('DNS:fl.example.org');
    expect(aggregator.checkHost('fl.example.org')).toBe('fl.example.org');
  });

  it("keeps the CA's private key unexportable: only the leaves' keys leave WebCrypto", async () => {
    const generated: CryptoKeyPair[] = [];
    const generateKey = webcrypto.subtle.generateKey.bind(webcrypto.subtle);
    const spy = jest
      .spyOn(webcrypto.subtle, 'generateKey')
      .mockImplementation(async (...args: any[]) => {
        const pair = (await (generateKey as any)(...args)) as CryptoKeyPair;
        generated.push(pair);
        return pair;
      });
    try {
      const pki = await mintJobPki({
        job: 'mnist',
        aggregatorHost: 'fl.example.org',
        clusters: ['hospital-paris'],
      });
      const caSpki = new X509Certificate(pki.caPem).publicKey.export({
        type: 'spki',
        format: 'der',
      });
      const spkiOf = async (key: CryptoKey) =>
        Buffer.from(await webcrypto.subtle.exportKey('spki', key));
      const ca = [];
      for (const pair of generated)
        if ((await spkiOf(pair.publicKey)).equals(caSpki)) ca.push(pair);
      expect(ca).toHaveLength(1);
      expect(ca[0].privateKey.extractable).toBe(false);
      await expect(
        webcrypto.subtle.exportKey('pkcs8', ca[0].privateKey),
      ).rejects.toThrow(/not extractable/);
      // The keys that go into ManifestWorks are the leaves' (aggregator and client).
      expect(generated.filter(p => p.privateKey.extractable)).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives Flower clients SuperNode keys in OpenSSH form, and no client certificates', async () => {
    const pki = await mintJobPki({
      job: 'mnist',
      aggregatorHost: 'fl.example.org',
      clusters: ['hospital-paris', 'hospital-madrid'],
      clientIdentity: 'supernode-key',
    });
    expect(pki.clients).toEqual({});
    const fingerprints = new Set<string>();
    for (const cluster of ['hospital-paris', 'hospital-madrid']) {
      const { publicKey, privateKey } = pki.supernodeKeys![cluster];
      expect(privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
      expect(publicKey).toMatch(
        new RegExp(`^ecdsa-sha2-nistp256 [A-Za-z0-9+/=]+ ${cluster}$`),
      );
      // A NIST curve, as flwr supernode register requires; the pair belongs together.
      const parsedPublic = sshpk.parseKey(publicKey, 'ssh');
      expect(parsedPublic.curve).toBe('nistp256');
      const fromPrivate = sshpk
        .parsePrivateKey(privateKey, 'openssh')
        .toPublic();
      expect(fromPrivate.fingerprint('sha256').toString()).toBe(
        parsedPublic.fingerprint('sha256').toString(),
      );
      fingerprints.add(parsedPublic.fingerprint('sha256').toString());
    }
    expect(fingerprints.size).toBe(2);
  });
});
