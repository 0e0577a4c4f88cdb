/** A time as Kubernetes writes it in conditions: RFC 3339, whole seconds. */
export const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** A status condition, stamped now. */
export function condition(
  type: string,
  ok: boolean,
  reason: string,
  message: string,
) {
  return {
    type,
    status: ok ? 'True' : 'False',
    reason,
    message,
    lastTransitionTime: stamp(),
  };
}
