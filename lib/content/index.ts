export * from './files';
export * from './document';
export * from './slug';
export * from './decode-text';
export * from './markdown-nesting';
