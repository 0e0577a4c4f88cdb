/**
 * The plan merge every OpenFL party runs in an init container of the workspace image: the
 * image's own `plan/plan.yaml` (its sections' `template`, `defaults`, `init_state_path`,
 * task runner and tasks) with the launcher's settings merged over it, written where the
 * party's `fx` reads its plan. Every party runs the same script on the same image with the
 * same settings file, so all compute the same plan and hence the same federation id (OpenFL
 * hashes the parsed plan: openfl/federated/plan/plan.py, Plan.hash and Plan.resolve).
 *
 * The script is a constant: it takes file paths from its environment and the values from the
 * settings file (JSON, so that no YAML 1.1 reading turns a string such as "on" into a
 * boolean); no value of a job spec reaches a shell or the script's text. Python and PyYAML
 * are in every workspace image, as OpenFL itself needs them (its setup.py requires PyYAML).
 */

/** Environment variables that give the script its file paths. */
export const PLAN_MERGE_ENV = {
  imagePlan: 'OPENFL_IMAGE_PLAN',
  settings: 'OPENFL_PLAN_SETTINGS',
  mergedPlan: 'OPENFL_MERGED_PLAN',
} as const;

/**
 * Sections that OpenFL 1.6 builds with `Plan.build(template, settings)` (plan.py: get_aggregator,
 * get_collaborator, get_assigner, get_tensor_pipe, get_data_loader, get_task_runner,
 * get_straggler_handling_policy): each needs a `template`, given directly or by the
 * `defaults` file that Plan.parse merges in. `network` and `tasks` are read, not built.
 */
export const OPENFL_BUILT_SECTIONS = [
  'aggregator',
  'assigner',
  'collaborator',
  'compression_pipeline',
  'data_loader',
  'straggler_handling_policy',
  'task_runner',
] as const;

export const OPENFL_PLAN_MERGE_SCRIPT = `
import json, os, sys
import yaml

def fail(message):
    sys.stderr.write("plan merge: " + message + "\\n")
    sys.exit(1)

def merge(base, over):
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out

image_plan = os.environ["${PLAN_MERGE_ENV.imagePlan}"]
try:
    with open(image_plan) as f:
        plan = yaml.safe_load(f)
except OSError as error:
    fail("the workspace image has no plan at %s (%s)" % (image_plan, error.strerror))
if not isinstance(plan, dict):
    fail("%s is not a map of plan sections" % image_plan)
with open(os.environ["${PLAN_MERGE_ENV.settings}"]) as f:
    plan = merge(plan, json.load(f))

built = ${JSON.stringify(OPENFL_BUILT_SECTIONS)}
for section in ["aggregator", "task_runner"]:
    if not isinstance(plan.get(section), dict):
        fail("%s has no %s section" % (image_plan, section))
for section in built:
    value = plan.get(section)
    if isinstance(value, dict) and "template" not in value and "defaults" not in value:
        fail("section %s has neither template nor defaults: OpenFL cannot build it" % section)
if not plan["aggregator"].get("settings", {}).get("init_state_path"):
    fail("%s sets no aggregator.settings.init_state_path (the initial model; fx plan initialize writes it)" % image_plan)

with open(os.environ["${PLAN_MERGE_ENV.mergedPlan}"], "w") as f:
    yaml.safe_dump(plan, f, sort_keys=True, default_flow_style=False)
`.trimStart();
