export * from './deriveJobStatus';
