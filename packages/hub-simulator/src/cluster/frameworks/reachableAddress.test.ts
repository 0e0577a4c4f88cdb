import { KubeObject } from '../../store/types';
import { dialsReachableAddress, reachableAddress } from './reachableAddress';

const service = (spec: object, status: object = {}): KubeObject[] => [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'fleet', namespace: 'fl-mnist' },
    spec,
    status,
  } as KubeObject,
];

describe("the aggregator's reachable address", () => {
  it('is the LoadBalancer ingress once there is one, or any host on the node port', () => {
    const lb = { type: 'LoadBalancer', ports: [{ port: 9092 }] };
    expect(reachableAddress(service(lb))).toBeUndefined();
    const address = reachableAddress(
      service(lb, { loadBalancer: { ingress: [{ ip: '198.51.100.7' }] } }),
    );
    expect(address).toBe('198.51.100.7:9092');
    expect(dialsReachableAddress('198.51.100.7:9092', address)).toBe(true);
    expect(dialsReachableAddress('198.51.100.8:9092', address)).toBe(false);
    expect(dialsReachableAddress('198.51.100.7:9093', address)).toBe(false);

    const nodePort = reachableAddress(
      service({ type: 'NodePort', ports: [{ port: 9092, nodePort: 30092 }] }),
    );
    expect(dialsReachableAddress('fl.example.org:30092', nodePort)).toBe(true);
    expect(dialsReachableAddress('fl.example.org:9092', nodePort)).toBe(false);
    expect(
      reachableAddress(service({ type: 'ClusterIP', ports: [{ port: 9092 }] })),
    ).toBeUndefined();
  });
});
