import { KubeObject } from '../../store/types';
import { fileAt, filesIn } from './podFiles';

const object = (kind: string, name: string, body: object): KubeObject =>
  ({
    apiVersion: 'v1',
    kind,
    metadata: { name, namespace: 'fl-mnist' },
    ...body,
  } as KubeObject);

const objects = [
  object('Secret', 'tls', {
    data: { 'ca.crt': Buffer.from('the CA').toString('base64') },
  }),
  object('Secret', 'auth', { stringData: { 'auth.key': 'the key' } }),
  object('ConfigMap', 'config', {
    data: { 'config.toml': 'toml', 'a.pub': 'A', 'b.pub': 'B' },
  }),
];
const pod = {
  containers: [
    {
      name: 'app',
      volumeMounts: [
        { name: 'tls', mountPath: '/tls' },
        { name: 'auth', mountPath: '/auth/' },
        {
          name: 'config',
          mountPath: '/home/config.toml',
          subPath: 'config.toml',
        },
        { name: 'keys', mountPath: '/keys' },
        { name: 'renamed', mountPath: '/renamed' },
      ],
    },
  ],
  volumes: [
    { name: 'tls', secret: { secretName: 'tls' } },
    { name: 'auth', secret: { secretName: 'auth' } },
    { name: 'config', configMap: { name: 'config' } },
    { name: 'keys', configMap: { name: 'config' } },
    {
      name: 'renamed',
      configMap: { name: 'config', items: [{ key: 'a.pub', path: 'first' }] },
    },
  ],
};

describe('files a container sees through its Secret and ConfigMap volumes', () => {
  it('reads keys as files, subPath mounts and items as the kubelet projects them', () => {
    expect(fileAt(pod, 'app', '/tls/ca.crt', objects)).toBe('the CA');
    expect(fileAt(pod, 'app', '/auth/auth.key', objects)).toBe('the key');
    expect(fileAt(pod, 'app', '/home/config.toml', objects)).toBe('toml');
    expect(fileAt(pod, 'app', '/renamed/first', objects)).toBe('A');
    expect(fileAt(pod, 'app', '/renamed/a.pub', objects)).toBeUndefined();
    expect(fileAt(pod, 'app', '/tls/tls.crt', objects)).toBeUndefined();
    expect(fileAt(pod, 'other', '/tls/ca.crt', objects)).toBeUndefined();
    expect([...filesIn(pod, 'app', '/keys', objects).keys()]).toEqual([
      'config.toml',
      'a.pub',
      'b.pub',
    ]);
  });

  it('finds nothing where the volume names an object the namespace lacks', () => {
    expect(fileAt(pod, 'app', '/tls/ca.crt', objects.slice(1))).toBeUndefined();
  });
});
