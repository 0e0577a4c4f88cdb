export { ocmFlPlugin as default } from './plugin';
export { ocmFlApiRef, type OcmFlApi } from './api/OcmFlApi';
export { OcmFlClient } from './api/OcmFlClient';
