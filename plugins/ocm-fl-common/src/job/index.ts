export * from './frameworks';
export * from './jobSpec';
