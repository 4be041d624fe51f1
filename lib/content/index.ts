export * from './files';
export * from './document';
export * from './load-content';
export * from './slug';
export * from './decode-text';
export * from './markdown-nesting';
export * from './source';
export * from './folder-source';
