// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useEditorText } from '@/components/editor/use-editor-text';

type Props = { current: string; version: string };

describe('useEditorText', () => {
  it("follows the server's text until the user types, and again once it is saved", () => {
    const { result, rerender } = renderHook(({ current, version }: Props) => useEditorText(current, version, null), {
      initialProps: { current: 'Machine.', version: '0' },
    });
    rerender({ current: 'Better machine.', version: '0' });
    expect(result.current).toMatchObject({ text: 'Better machine.', base: '0', touched: false });
    act(() => result.current.take('Mine.'));
    rerender({ current: 'Theirs.', version: '1' });
    expect(result.current).toMatchObject({ text: 'Mine.', base: '0', touched: true });
    act(() => result.current.saved('2'));
    rerender({ current: 'Mine.', version: '2' });
    expect(result.current).toMatchObject({ text: 'Mine.', base: '2', touched: false });
    rerender({ current: 'Taken elsewhere.', version: '3' });
    expect(result.current).toMatchObject({ text: 'Taken elsewhere.', base: '3' });
  });

  it('keeps a restored draft and the version it was written on, however the server moves', () => {
    const restore = { slug: 'doc', index: 1, version: '4', text: 'Draft.', savedAt: 1 };
    const { result, rerender } = renderHook(({ current, version }: Props) => useEditorText(current, version, restore), {
      initialProps: { current: 'Saved.', version: '5' },
    });
    rerender({ current: 'Newer.', version: '6' });
    expect(result.current).toMatchObject({ text: 'Draft.', base: '4', touched: true });
  });
});
