// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useDocumentChecks } from '@/components/reader/use-document-checks';

/** A checks route answering each request with the findings it is given, when the test lets it. */
function checksRoute() {
  const pending: Array<(messages: string[]) => void> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(
      () =>
        new Promise<Response>((resolve) => {
          pending.push((messages) => {
            const findings = messages.map((message, i) => ({
              paragraph: 0,
              key: `k${i}`,
              check: 'glossary',
              severity: 'error',
              message,
              params: {},
              source: [],
              target: [],
              ignored: false,
            }));
            const body = { findings, counts: {}, unignoredErrors: findings.length, paragraphsChecked: 1 };
            resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
          });
        }),
    ),
  );
  return {
    answer: (messages: string[]) => pending.shift()?.(messages),
    requests: () => pending.length,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('useDocumentChecks', () => {
  it('says loading from a refresh until the new answer, not the findings of the English before a save', async () => {
    const route = checksRoute();
    const { result } = renderHook(() => useDocumentChecks('molino'));
    expect(result.current.value.status).toBe('loading');
    await act(async () => route.answer(['glossary.missing']));
    await waitFor(() => expect(result.current.value.status).toBe('ready'));
    expect(result.current.value.findingsOf(0).map((f) => f.message)).toEqual(['glossary.missing']);

    // A save: the checks are asked again once saves settle. Until they answer, the old findings are not "current".
    act(() => result.current.value.refresh());
    expect(result.current.value.status).toBe('loading');
    await waitFor(() => expect(route.requests()).toBe(1), { timeout: 2000 });
    expect(result.current.value.status).toBe('loading');
    await act(async () => route.answer([]));
    await waitFor(() => expect(result.current.value.status).toBe('ready'));
    expect(result.current.value.findingsOf(0)).toEqual([]);
  });
});
