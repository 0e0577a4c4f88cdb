export * from './views';
export * from './models';
