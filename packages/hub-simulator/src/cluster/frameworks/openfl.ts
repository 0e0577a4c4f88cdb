import { CommandCheck } from './types';

/** The pinned OpenFL release's `fx` command lines. */
export const openflCommandProblems: CommandCheck = () => [];
