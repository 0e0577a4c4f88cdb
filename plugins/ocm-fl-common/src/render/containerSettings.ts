import { JobSpec } from '../job/jobSpec';

export function resourcesOf(r: JobSpec['resources']['client']) {
  const requests: Record<string, string> = { cpu: r.cpu, memory: r.memory };
  const limits: Record<string, string> = { memory: r.memory };
  if (r.gpu > 0) {
    requests['nvidia.com/gpu'] = String(r.gpu);
    limits['nvidia.com/gpu'] = String(r.gpu);
  }
  return { requests, limits };
}

/** Non-root, no privilege escalation, all capabilities dropped, default seccomp. */
export function containerSecurity(uid?: number) {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
    ...(uid !== undefined ? { runAsUser: uid, runAsGroup: uid } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
