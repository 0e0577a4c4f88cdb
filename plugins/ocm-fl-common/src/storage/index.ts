export * from './modelStorageLocation';
export * from './pvcModel';
