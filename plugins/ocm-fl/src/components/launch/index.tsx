import { ComponentProps, lazy, Suspense } from 'react';
import { Progress } from '@backstage/core-components';

const LaunchOutputs = lazy(() =>
  import('./LaunchOutputs').then(m => ({ default: m.LaunchOutputs })),
);

/** The launch task's outputs, with their code fetched only on a task page of ours. */
export function LazyLaunchOutputs(props: ComponentProps<typeof LaunchOutputs>) {
  return (
    <Suspense fallback={<Progress />}>
      <LaunchOutputs {...props} />
    </Suspense>
  );
}

/** The ocm-fl templates whose task pages show their outputs this way. */
export const LAUNCH_TEMPLATE_REFS = [
  'template:default/federated-learning-flower',
  'template:default/federated-learning-openfl',
];
