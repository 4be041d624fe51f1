export { runChecks, applyIgnores, occurrenceId, type RunOptions } from './run-checks';
export { ALL_CHECKS } from './registry';
export type { Check } from './check';
export * from './types';
