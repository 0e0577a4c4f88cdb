export { ocmFlPlugin as default } from './plugin';
