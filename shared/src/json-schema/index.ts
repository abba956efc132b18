export * from './sample-arguments';
