/**
 * Test data for the job spec and the renderer, for this package's tests and for the
 * packages that test what they build on it (the CLI, the hub simulator).
 *
 * @packageDocumentation
 */
export {
  HOSTILE_STRINGS,
  invalidJobSpecs,
  invalidJobSpecTexts,
} from './invalidJobSpecs';
export type { InvalidSpecCase, InvalidSpecText } from './invalidJobSpecs';
export {
  FRAMEWORKS_AND_STORAGES,
  TEST_MODELS_LOCATION,
  TEST_PKI,
  TEST_S3_SECRET_VALUE,
  testRenderInput,
  testRenderInputFor,
} from './renderInput';
