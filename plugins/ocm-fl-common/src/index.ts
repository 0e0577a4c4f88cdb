/**
 * Isomorphic code shared by the ocm-fl frontend, backend and scaffolder actions:
 * permissions, label keys, the types of the REST API and OCM's placement scheduling.
 *
 * @packageDocumentation
 */

export * from './health';
export * from './labels';
export * from './permissions';
export * from './placement';
export * from './job';
export * from './render';
export * from './status';
export * from './storage';
export * from './views';
