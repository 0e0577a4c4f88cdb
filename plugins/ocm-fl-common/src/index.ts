/**
 * Isomorphic code shared by the ocm-fl frontend, backend and scaffolder actions:
 * permissions, label keys and the types of the REST API.
 *
 * @packageDocumentation
 */

export * from './health';
export * from './labels';
export * from './permissions';
