import { CommandCheck } from './types';

/** Flower 1.26's `flower-superlink` and `flower-supernode` command lines. */
export const flowerCommandProblems: CommandCheck = () => [];
