import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustCounts,
  nextPending,
  pageOfRanges,
  reviewStateOf,
  summarizeReview,
  type IndexRanges,
  type ReviewInput,
} from '../../../lib/documents/review';

const input = (index: number, status: ReviewInput['status'], sourceChanged = false): ReviewInput => ({
  index,
  status,
  sourceChanged,
});

describe('reviewStateOf', () => {
  it('approves only an approval of the current source', () => {
    expect(reviewStateOf(input(0, 'approved'))).toBe('approved');
    expect(reviewStateOf(input(0, 'approved', true))).toBe('pending');
    expect(reviewStateOf(input(0, 'edited'))).toBe('edited');
    expect(reviewStateOf(input(0, 'edited', true))).toBe('pending');
    expect(reviewStateOf(input(0, null))).toBe('pending');
  });
});

describe('summarizeReview', () => {
  it('counts approved and edited paragraphs and keeps every other one pending, as runs', () => {
    const summary = summarizeReview([
      input(3, 'approved'),
      input(0, null),
      input(1, 'edited'),
      input(2, 'approved'),
      input(4, 'approved', true), // the Spanish changed after the approval
      input(5, null),
      input(6, 'approved'),
    ]);
    expect(summary).toEqual({
      total: 7,
      approved: 3,
      edited: 1,
      pending: [
        [0, 1],
        [4, 5],
      ],
    });
  });

  it('an empty document has nothing to review', () => {
    expect(summarizeReview([])).toEqual({ total: 0, approved: 0, edited: 0, pending: [] });
  });
});

describe('nextPending', () => {
  const pending: IndexRanges = [
    [0, 1],
    [4, 5],
    [9, 9],
  ];

  it('finds the next pending paragraph after the current one, wrapping to the top', () => {
    expect(nextPending(pending, 0)).toBe(1);
    expect(nextPending(pending, 1)).toBe(4);
    expect(nextPending(pending, 6)).toBe(9);
    expect(nextPending(pending, 9)).toBe(0);
    expect(nextPending(pending, -1)).toBe(0);
    expect(nextPending([[5, 5]], 5)).toBe(5); // the only one left is the current paragraph
    expect(nextPending([], 3)).toBeNull();
  });

  it("lets the page's own state win over the server's ranges", () => {
    // 4 was approved on this page since it was loaded; 7 was reverted to an edit.
    const local = new Map([
      [4, false],
      [7, true],
    ]);
    expect(nextPending(pending, 1, local)).toBe(5);
    expect(nextPending(pending, 5, local)).toBe(7);
    expect(nextPending([[4, 4]], 2, new Map([[4, false]]))).toBeNull();
  });

  it('agrees with a plain scan over any document (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<ReviewInput['status']>(null, 'edited', 'approved'), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(70), fc.boolean()), { maxLength: 10 }),
        fc.integer({ min: -1, max: 70 }),
        (statuses, overrides, after) => {
          const { pending: ranges } = summarizeReview(statuses.map((s, i) => input(i, s)));
          const local = new Map(overrides);
          const isPending = (i: number) => local.get(i) ?? (i < statuses.length && statuses[i] !== 'approved');
          const candidates = [...new Set([...statuses.keys(), ...local.keys()])]
            .filter(isPending)
            .sort((a, b) => a - b);
          const expected = candidates.find((i) => i > after) ?? candidates[0] ?? null;
          expect(nextPending(ranges, after, local)).toBe(expected);
        },
      ),
    );
  });
});

describe('adjustCounts', () => {
  it("moves the page's changes into the whole document's counts", () => {
    expect(adjustCounts({ approved: 10, edited: 4 }, ['pending', 'edited'], ['approved', 'approved'])).toEqual({
      approved: 12,
      edited: 3,
    });
  });
});

describe('pageOfRanges', () => {
  const ranges: IndexRanges = [
    [2, 4],
    [9, 9],
    [20, 24],
  ];

  it('pages through the indices of the runs, clamping the page', () => {
    expect(pageOfRanges(ranges, { page: 1, pageSize: 4 })).toEqual({
      indices: [2, 3, 4, 9],
      page: 1,
      pages: 3,
      count: 9,
    });
    expect(pageOfRanges(ranges, { page: 2, pageSize: 4 }).indices).toEqual([20, 21, 22, 23]);
    expect(pageOfRanges(ranges, { page: 99, pageSize: 4 })).toMatchObject({ indices: [24], page: 3 });
    expect(pageOfRanges(ranges, { page: 0, pageSize: 4 }).page).toBe(1);
    expect(pageOfRanges([], { page: 3, pageSize: 4 })).toEqual({ indices: [], page: 1, pages: 1, count: 0 });
  });

  it('opens the page of the first index at or after `at`, else the last page', () => {
    expect(pageOfRanges(ranges, { page: 1, pageSize: 4, at: 21 })).toMatchObject({ page: 2 });
    expect(pageOfRanges(ranges, { pageSize: 4, at: 10 }).indices).toEqual([20, 21, 22, 23]); // 10 was approved since
    expect(pageOfRanges(ranges, { pageSize: 4, at: 0 }).page).toBe(1);
    expect(pageOfRanges(ranges, { pageSize: 4, at: 500 }).page).toBe(3);
  });

  it('agrees with slicing the flat list (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -2, max: 12 }),
        fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
        (flags, pageSize, page, at) => {
          const { pending } = summarizeReview(flags.map((isPending, i) => input(i, isPending ? null : 'approved')));
          const flat = flags.flatMap((isPending, i) => (isPending ? [i] : []));
          const pages = Math.max(1, Math.ceil(flat.length / pageSize));
          let expected = Math.min(Math.max(1, page), pages);
          if (at !== undefined && flat.length > 0) {
            const position = flat.findIndex((i) => i >= at);
            expected = Math.floor((position === -1 ? flat.length - 1 : position) / pageSize) + 1;
          }
          const result = pageOfRanges(pending, { page, pageSize, at });
          expect(result).toEqual({
            indices: flat.slice((expected - 1) * pageSize, expected * pageSize),
            page: expected,
            pages,
            count: flat.length,
          });
        },
      ),
    );
  });
});
