/**
 * The run-config keys the launcher gives every Flower run, taken from the job spec. A Flower
 * app must declare each of them in its `[tool.flwr.app.config]`: Flower 1.26 refuses a run
 * whose run-config names a key the app does not declare (`fuse_dicts` in
 * flwr/common/config.py, called by flwr/server/serverapp/app.py). The `min-*` keys carry the
 * FedAvg arguments of the same names (flwr/serverapp/strategy/fedavg.py), whose default of 2
 * would otherwise make a job with `minClients: 1` wait forever.
 *
 * @public
 */
export const FLOWER_RUN_CONFIG_KEYS = {
  rounds: 'num-server-rounds',
  minAvailableNodes: 'min-available-nodes',
  minTrainNodes: 'min-train-nodes',
  minEvaluateNodes: 'min-evaluate-nodes',
} as const;

/** What FedAvg assumes for each `min-*` key an app leaves out (flwr/serverapp/strategy/fedavg.py). @public */
export const FEDAVG_DEFAULT_MIN_NODES = 2;

/** The run-config values the launcher sets, for a spec's `rounds` and `minClients`. @public */
export function flowerLauncherRunConfig(spec: {
  rounds: number;
  minClients: number;
}): Record<string, number> {
  return {
    [FLOWER_RUN_CONFIG_KEYS.rounds]: spec.rounds,
    [FLOWER_RUN_CONFIG_KEYS.minAvailableNodes]: spec.minClients,
    [FLOWER_RUN_CONFIG_KEYS.minTrainNodes]: spec.minClients,
    [FLOWER_RUN_CONFIG_KEYS.minEvaluateNodes]: spec.minClients,
  };
}
