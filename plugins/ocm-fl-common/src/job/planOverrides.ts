import { z } from 'zod';

/** The sections of an OpenFL plan that a job may tune. */
export const OPENFL_PLAN_SECTIONS = [
  'aggregator',
  'collaborator',
  'assigner',
  'compression_pipeline',
  'data_loader',
  'network',
  'straggler_handling_policy',
  'task_runner',
  'tasks',
] as const;

/**
 * Plan settings the renderer sets itself, from `rounds`, `tls` and the aggregator's address,
 * and that keep the federation consistent: an override would be silently replaced. The TLS
 * keys are OpenFL 1.6's (openfl/transport/grpc/aggregator_server.py and aggregator_client.py
 * take `tls` and `disable_client_auth`).
 */
export const OPENFL_PLAN_SETTINGS_SET_BY_LAUNCHER = [
  'aggregator.settings.rounds_to_train',
  'aggregator.settings.best_state_path',
  'aggregator.settings.last_state_path',
  'aggregator.settings.write_logs',
  'network.settings.agg_addr',
  'network.settings.agg_port',
  'network.settings.tls',
  'network.settings.disable_client_auth',
] as const;

const MAX_DEPTH = 8;
const MAX_ENTRIES = 100;
const MAX_STRING = 1024;
const MAX_BYTES = 16 * 1024;
const PLAN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

type Problem = { path: (string | number)[]; message: string };

/**
 * The first problem with a plan value, depth first; undefined when it is plain YAML data
 * (strings, numbers, booleans, null, lists and maps) within the bounds. Stops at the depth
 * bound, so that a deeply nested input costs no more than a shallow one.
 */
function planValueProblem(
  value: unknown,
  path: (string | number)[],
): Problem | undefined {
  if (path.length > MAX_DEPTH)
    return { path, message: `nests deeper than ${MAX_DEPTH} levels` };
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value)
      ? undefined
      : { path, message: 'must be a finite number' };
  if (typeof value === 'string')
    return value.length > MAX_STRING
      ? { path, message: `must be at most ${MAX_STRING} characters` }
      : undefined;
  if (Array.isArray(value)) {
    if (value.length > MAX_ENTRIES)
      return { path, message: `must have at most ${MAX_ENTRIES} items` };
    for (const [i, item] of value.entries()) {
      const problem = planValueProblem(item, [...path, i]);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as object);
    if (entries.length > MAX_ENTRIES)
      return { path, message: `must have at most ${MAX_ENTRIES} keys` };
    for (const [key, item] of entries) {
      if (!PLAN_KEY.test(key))
        return {
          path: [...path, key],
          message:
            'is not a plan key: a letter or "_", then at most 63 letters, digits, "_", "." and "-"',
        };
      const problem = planValueProblem(item, [...path, key]);
      if (problem) return problem;
    }
    return undefined;
  }
  return {
    path,
    message: 'must be a string, number, boolean, null, list or map',
  };
}

/**
 * OpenFL plan overrides: maps under the plan's own sections holding plain YAML data, at
 * most 16 KiB as JSON. The renderer still sets the address, port, rounds and TLS itself.
 */
export const planOverridesSchema = z
  .record(
    z
      .string()
      .refine(
        key => (OPENFL_PLAN_SECTIONS as readonly string[]).includes(key),
        `must be a section of an OpenFL plan: ${OPENFL_PLAN_SECTIONS.join(
          ', ',
        )}`,
      ),
    z.record(z.string(), z.unknown(), {
      error: 'must be a map of plan settings',
    }),
  )
  .superRefine((overrides, ctx) => {
    const problem = planValueProblem(overrides, []);
    if (problem) {
      ctx.addIssue({ code: 'custom', ...problem });
      return;
    }
    for (const setting of OPENFL_PLAN_SETTINGS_SET_BY_LAUNCHER) {
      const path = setting.split('.');
      const given = path.reduce<unknown>(
        (node, key) =>
          node !== null && typeof node === 'object'
            ? (node as Record<string, unknown>)[key]
            : undefined,
        overrides,
      );
      if (given !== undefined)
        ctx.addIssue({
          code: 'custom',
          path,
          message:
            'is set by the launcher (from rounds, tls and the aggregator address); leave it out',
        });
    }
    const bytes = JSON.stringify(overrides).length;
    if (bytes > MAX_BYTES)
      ctx.addIssue({
        code: 'custom',
        message: `are ${bytes} bytes as JSON; at most ${MAX_BYTES}`,
      });
  });
