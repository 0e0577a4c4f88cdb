export * from './types';
export * from './labelSelector';
export * from './quantity';
export * from './schedulePlacement';
export * from './placementDecisions';
