export * from './frameworks';
export * from './flowerRunConfig';
export * from './jobSpec';
export { MAX_SPEC_BYTES } from './specSize';
export * from './jobSpecText';
export * from './dataLocation';
