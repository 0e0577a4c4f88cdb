/**
 * Helpers for tests that need a hub: a simulator on a free port with the official CRDs and a
 * KubeConfig that trusts it.
 *
 * @packageDocumentation
 */
export {
  startTestHub,
  eventually,
  rawRequest,
  TEST_TOKEN,
} from './startTestHub';
export {
  createHubS3Secret,
  startTestS3,
  TEST_S3_CREDENTIALS,
  testJobStorage,
  testStorageLocation,
  TEST_STORAGE_LOCATION,
} from './startTestS3';
export { ocmFlTestConfig } from './ocmFlTestConfig';
export { testJobSpec } from './testJobSpec';
export { spawnHubSimulator } from './spawnHubSimulator';
export { CrdSchemas, OCM_CRD_DIR } from '../schema/CrdSchemas';
export { KUBERNETES_MODELS } from '../cluster/apiAdmission';
