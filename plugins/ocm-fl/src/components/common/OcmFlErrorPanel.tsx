import { WarningPanel } from '@backstage/core-components';
import { describeError } from './errors';

/** An error panel that leads with the cause (permission denied, hub unreachable, ...). */
export function OcmFlErrorPanel(props: { title: string; error: Error }) {
  const { cause, message } = describeError(props.error);
  return (
    <WarningPanel
      severity="error"
      title={`${props.title}: ${cause}`}
      message={message}
    />
  );
}
