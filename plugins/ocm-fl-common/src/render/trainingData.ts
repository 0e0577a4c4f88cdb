import { JobSpec } from '../job/jobSpec';
import { RenderInput } from './types';

export function dataVolume(participant: RenderInput['participants'][number]) {
  return 'hostPath' in participant.data
    ? {
        name: 'data',
        hostPath: { path: participant.data.hostPath, type: 'Directory' },
      }
    : {
        name: 'data',
        persistentVolumeClaim: {
          claimName: participant.data.claimName,
          readOnly: true,
        },
      };
}

export function dataMountPath(spec: JobSpec): string {
  return spec.data.mountPath ?? '/data';
}
