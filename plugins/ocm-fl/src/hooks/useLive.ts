import { DependencyList, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ocmFlApiRef } from '../api/OcmFlApi';
import { OcmFlChange } from '../api/types';

/** Changes often come in bursts (a job's works update together): refetch once per burst. */
export const LIVE_DEBOUNCE_MS = 500;

/**
 * Calls `onChange` (debounced) when the backend reports a change that `relevant` accepts,
 * and after the stream reconnects (the backend restarted; changes may have been missed).
 * Returns why live updates are off, when the stream cannot be opened.
 */
export function useOcmFlChanges(
  relevant: (change: OcmFlChange) => boolean,
  onChange: () => void,
): Error | undefined {
  const api = useApi(ocmFlApiRef);
  const [streamError, setStreamError] = useState<Error>();
  // The latest callbacks, without resubscribing on every render.
  const latest = useRef({ relevant, onChange });
  latest.current = { relevant, onChange };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refetch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.onChange(), LIVE_DEBOUNCE_MS);
    };
    const unsubscribe = api.subscribe(
      change => {
        if (latest.current.relevant(change)) refetch();
      },
      { onReconnect: refetch, onError: error => setStreamError(error) },
    );
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [api]);
  return streamError;
}

/**
 * Loads with `fn` and loads again when a relevant change arrives. While reloading, the
 * previous value stays on screen (no flicker back to a spinner).
 */
export function useLiveAsync<T>(
  fn: () => Promise<T>,
  deps: DependencyList,
  relevant: (change: OcmFlChange) => boolean,
) {
  const state = useAsyncRetry(fn, deps);
  const liveError = useOcmFlChanges(relevant, state.retry);
  return { ...state, liveError };
}
