export * from './files';
export * from './document';
export * from './slug';
