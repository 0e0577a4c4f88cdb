export * from './modelStorageLocation';
