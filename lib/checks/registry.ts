import type { Check } from './check';
import { numbersCheck } from './numbers';

/** Every check, in the order of CHECK_IDS. */
export const ALL_CHECKS: readonly Check[] = [numbersCheck];
