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
