import { describe, expect, it } from 'vitest';
import { onShutdown, openResources, shutdownAll } from '../../lib/shutdown';
import { createTranslator } from '../../cli/i18n';

describe('shutdown list', () => {
  it('releases newest first, reports failures and late closers, and forgets them all', async () => {
    const closed: string[] = [];
    onShutdown('store', () => void closed.push('store'));
    onShutdown('broken', () => {
      throw new Error('pool already ended');
    });
    onShutdown('stuck', () => new Promise<void>(() => {}));
    onShutdown('jobs', async () => void closed.push('jobs'));
    const forgotten = onShutdown('closed-itself', () => void closed.push('closed-itself'));
    forgotten();
    expect(openResources()).toEqual(['store', 'broken', 'stuck', 'jobs']);
    const problems = await shutdownAll(50);
    expect(closed).toEqual(['jobs', 'store']);
    expect(problems).toEqual([
      { name: 'stuck', lateSeconds: 0.05 },
      { name: 'broken', error: 'pool already ended' },
    ]);
    expect(openResources()).toEqual([]);
    expect(await shutdownAll()).toEqual([]);
  });
});

describe('shutdown problems in the CLI', () => {
  it('names each resource in the reader’s language, and an unknown one as it was registered', () => {
    const en = createTranslator('en').t;
    const es = createTranslator('es').t;
    expect(en('serve.resource', { name: 'parsePool' })).toBe('the file-reading threads');
    expect(es('serve.resource', { name: 'store' })).toBe('la base de datos');
    expect(en('serve.resource', { name: 'somethingNew' })).toBe('somethingNew');
    const resource = en('serve.resource', { name: 'jobs' });
    expect(en('serve.closeLate', { resource, seconds: 10 })).toBe(
      'Could not close the job queue within 10 s; stopping anyway.',
    );
  });
});
