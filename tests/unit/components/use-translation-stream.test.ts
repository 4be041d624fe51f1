// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranslationListener } from '@/components/common/api';
import type { TranslationSummary } from '@/lib/documents/types';

const api = vi.hoisted(() => ({
  startTranslation: vi.fn(),
  listenTranslation: vi.fn(),
  steerTranslation: vi.fn(),
  cancelTranslation: vi.fn(),
}));
vi.mock('@/components/common/api', () => api);
const { useTranslationStream } = await import('@/components/reader/use-translation-stream');

const summary = (status: TranslationSummary['status']): TranslationSummary => ({
  modelId: 'test',
  testModel: true,
  status,
  done: 1,
  total: 5,
});

function open(status: TranslationSummary['status'], onComplete = vi.fn()) {
  const onParagraph = vi.fn();
  const hook = renderHook(() =>
    useTranslationStream({
      slug: 'doc',
      indices: [0, 1, 2, 3, 4],
      onlyThese: false,
      summary: summary(status),
      onParagraph,
      onComplete,
    }),
  );
  return { ...hook, onParagraph, onComplete };
}

const listener = () => api.listenTranslation.mock.calls.at(-1)?.[2] as TranslationListener;

describe('useTranslationStream', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    window.location.hash = '';
    api.startTranslation.mockResolvedValue({ ok: true });
    api.listenTranslation.mockReturnValue(() => {});
    api.cancelTranslation.mockResolvedValue(undefined);
  });

  it('starts or joins the job on opening, shows it running at once, and listens to the page', async () => {
    const { result } = open('partial');
    expect(result.current.progress.status).toBe('running');
    expect(api.startTranslation).toHaveBeenCalledWith('doc', 0);
    await waitFor(() =>
      expect(api.listenTranslation).toHaveBeenCalledWith('doc', { from: 0, to: 4 }, expect.anything()),
    );
  });

  it('starts nothing for a document translated or cancelled before', () => {
    expect(open('complete').result.current.progress.status).toBe('complete');
    expect(open('cancelled').result.current.progress.status).toBe('cancelled');
    expect(api.startTranslation).not.toHaveBeenCalled();
  });

  it('says why a start failed', async () => {
    api.startTranslation.mockResolvedValue({ ok: false, code: 'model_missing', message: 'No model.' });
    const { result } = open('none');
    await waitFor(() => expect(result.current.progress.status).toBe('failed'));
    expect(result.current.progress.error).toEqual({ code: 'model_missing', message: 'No model.' });
    expect(api.listenTranslation).not.toHaveBeenCalled();
  });

  it('steers only to a new paragraph, and never after the reader cancelled', async () => {
    const { result } = open('partial');
    await waitFor(() => expect(api.listenTranslation).toHaveBeenCalled());
    act(() => result.current.steer(0));
    act(() => result.current.steer(3));
    act(() => result.current.steer(3));
    expect(api.steerTranslation.mock.calls).toEqual([['doc', 3]]);
    await act(() => result.current.cancel());
    act(() => result.current.steer(4));
    expect(api.steerTranslation).toHaveBeenCalledTimes(1);
    expect(api.cancelTranslation).toHaveBeenCalledWith('doc');
  });

  it('follows the stream: paragraphs, progress, the end, and a lost connection', async () => {
    const { result, onParagraph, onComplete } = open('partial');
    await waitFor(() => expect(api.listenTranslation).toHaveBeenCalled());
    act(() => listener().paragraph({ index: 2, targets: ['Two.'] }));
    expect(onParagraph).toHaveBeenCalledWith(2, ['Two.']);
    act(() => listener().progress({ done: 3, total: 5 }));
    expect(result.current.progress).toMatchObject({ status: 'running', done: 3 });
    act(() => listener().end('done', { done: 5 }));
    expect(result.current.progress).toMatchObject({ status: 'complete', done: 5 });
    expect(onComplete).toHaveBeenCalledTimes(1);
    act(() => listener().lost());
    expect(result.current.lost).toBe(true);
  });
});
