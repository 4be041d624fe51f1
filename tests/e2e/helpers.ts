import path from 'node:path';
import { PORT_WITH_MODEL } from './ports';

/** The content folder of the e2e server on a port (a copy of content/ made by tests/e2e/serve.ts). */
export function contentDirOf(port: number = PORT_WITH_MODEL): string {
  return path.resolve(__dirname, '../../test-results', `e2e-server-${port}`, 'content');
}

export const SEED = 'kim-jong-un-putin';
export const SEED_TITLE = /Kim Jong-un promete a Putin/;
