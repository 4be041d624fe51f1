import type { Check } from './check';
import { consistencyCheck } from './consistency';
import { glossaryCheck } from './glossary';
import { lengthCheck } from './length';
import { markupCheck } from './markup';
import { numbersCheck } from './numbers';
import { omissionCheck } from './omission';
import { punctuationCheck } from './punctuation';
import { untranslatedCheck } from './untranslated';

/** Every check, in the order of CHECK_IDS. */
export const ALL_CHECKS: readonly Check[] = [
  numbersCheck,
  markupCheck,
  untranslatedCheck,
  punctuationCheck,
  lengthCheck,
  omissionCheck,
  consistencyCheck,
  glossaryCheck,
];
