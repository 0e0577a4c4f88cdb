import { WarningPanel } from '@backstage/core-components';
import { HubCacheState } from '../../api/types';

/** Says which hubs a list comes from a stale or not yet complete copy of. */
export function HubStateNotice(props: {
  hubs?: Record<string, HubCacheState>;
}) {
  const troubled = Object.entries(props.hubs ?? {}).filter(
    ([, state]) => state.stale || !state.synced,
  );
  if (troubled.length === 0) return null;
  return (
    <>
      {troubled.map(([hub, state]) => (
        <WarningPanel
          key={hub}
          severity="warning"
          title={
            state.stale
              ? `Hub ${hub} is unreachable: showing its last known state`
              : `Hub ${hub} is still being read: the list may be incomplete`
          }
          message={[
            state.error,
            state.lastContactAt &&
              `Last contact: ${new Date(state.lastContactAt).toLocaleString()}`,
          ]
            .filter(Boolean)
            .join('. ')}
        />
      ))}
    </>
  );
}
