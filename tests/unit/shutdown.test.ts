import { describe, expect, it } from 'vitest';
import { onShutdown, openResources, shutdownAll } from '../../lib/shutdown';

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
      { name: 'stuck', problem: 'still closing after 0.05 s' },
      { name: 'broken', problem: 'pool already ended' },
    ]);
    expect(openResources()).toEqual([]);
    expect(await shutdownAll()).toEqual([]);
  });
});
