export * from './views';
export * from './models';
export * from './jobView';
