/**
 * The fault suite: launches under hub errors, lost answers and a killed command line,
 * audited on the hub (docs/operating/faults.md).
 *
 * @packageDocumentation
 */
export { auditJob } from './hubAudit';
export type { JobAudit } from './hubAudit';
export { formatReport, failuresOf } from './report';
export type { ScenarioResult } from './report';
