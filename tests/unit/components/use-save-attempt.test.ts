// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SaveAnswer } from '@/components/common/api';
import { useSaveAttempt } from '@/components/editor/use-save-attempt';

const failed: SaveAnswer = { kind: 'failed', code: 'network', message: 'offline' };
const fields = { text: 'There were deals.', status: 'edited' as const, version: '3' };

describe('useSaveAttempt', () => {
  it('retries a failed save with the same clientSaveId, and takes a new one once the text changes', async () => {
    const { result } = renderHook(() => useSaveAttempt());
    const ids: string[] = [];
    const send = async (id: string) => {
      ids.push(id);
      return failed;
    };
    await act(() => result.current.save(fields, send));
    await act(() => result.current.save(fields, send));
    await act(() => result.current.save({ ...fields, text: 'There were offers.' }, send));
    await act(() => result.current.save({ ...fields, text: 'There were offers.', version: '4' }, send));
    expect(ids[0]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(3);
  });

  it('forgets the attempt once the server answered it, so the next save is a new one', async () => {
    const { result } = renderHook(() => useSaveAttempt());
    const ids: string[] = [];
    const conflict = { kind: 'conflict', current: { index: 0 }, yours: fields } as unknown as SaveAnswer;
    await act(() => result.current.save(fields, async (id) => (ids.push(id), conflict)));
    await act(() => result.current.save(fields, async (id) => (ids.push(id), failed)));
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers null to a second write while the first is on its way, and is busy meanwhile', async () => {
    const { result } = renderHook(() => useSaveAttempt());
    let answer: (a: SaveAnswer) => void = () => {};
    let first: Promise<SaveAnswer | null> = Promise.resolve(null);
    act(() => {
      first = result.current.save(fields, () => new Promise<SaveAnswer>((resolve) => (answer = resolve)));
    });
    expect(result.current.busy).toBe(true);
    let second: SaveAnswer | null = failed;
    await act(async () => {
      second = await result.current.once(async () => failed);
    });
    expect(second).toBeNull();
    await act(async () => {
      answer(failed);
      await first;
    });
    expect(result.current.busy).toBe(false);
    expect(await first).toEqual(failed);
  });
});
