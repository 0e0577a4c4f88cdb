import { KubeObject } from '../../store/types';

/** The parts of a Pod's container that decide whether its framework's command would start. */
export interface ContainerCommand {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

/**
 * Why a framework's own command would exit at start with this container's command line
 * (an unknown flag, a missing required one); empty when it would start, or when the
 * container does not run this framework's command.
 */
export type CommandCheck = (container: ContainerCommand) => string[];

/**
 * What one framework's rendered workloads tell the FL runtime, read from the workloads as
 * the framework would read them (its command lines, run-config, plan), never from the
 * job's spec annotation.
 */
export interface FrameworkReader {
  /** The rounds and minimum clients the aggregator would run with, or why it cannot start. */
  training(
    aggregatorResources: KubeObject[],
  ): { rounds: number; minClients: number } | { problem: string };
  /**
   * Whether a client workload would join its aggregator: it dials the aggregator's
   * reachable address and trusts the CA the aggregator serves with. `aggregatorAddress`
   * is where the aggregator can be reached from other clusters (LoadBalancer address or
   * node address and NodePort).
   */
  clientJoins(
    clientResources: KubeObject[],
    aggregatorResources: KubeObject[],
    aggregatorAddress: string | undefined,
  ): true | { problem: string };
}
