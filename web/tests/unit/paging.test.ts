import { describe, expect, it } from 'vitest';
import { CursorPager, collectPages } from '../../src/api/paging';
import type { Page } from '../../src/api/types';

function pages(...chunks: number[][]): (cursor: string | null) => Promise<Page<number>> {
  return async (cursor) => {
    const index = cursor === null ? 0 : Number(cursor);
    const items = chunks[index] ?? [];
    return { items, count: items.length, next_cursor: index + 1 < chunks.length ? String(index + 1) : null };
  };
}

describe('collectPages', () => {
  it('follows cursors to the end', async () => {
    await expect(collectPages(pages([1, 2], [3, 4], [5]), 100)).resolves.toEqual({ items: [1, 2, 3, 4, 5], truncated: false });
  });

  it('stops at the cap and says that more were left', async () => {
    await expect(collectPages(pages([1, 2], [3, 4], [5]), 3)).resolves.toEqual({ items: [1, 2, 3], truncated: true });
  });
});

describe('CursorPager', () => {
  it('goes forward with next_cursor and back through the cursors seen', () => {
    const pager = new CursorPager();
    expect(pager.current).toBeNull();
    expect(pager.hasPrevious).toBe(false);
    pager.loaded('c2');
    expect(pager.hasNext).toBe(true);
    pager.forward();
    expect(pager.current).toBe('c2');
    expect(pager.pageNumber).toBe(2);
    pager.loaded(null);
    expect(pager.hasNext).toBe(false);
    pager.forward(); // no next page: stays
    expect(pager.pageNumber).toBe(2);
    pager.back();
    expect(pager.current).toBeNull();
    expect(pager.pageNumber).toBe(1);
  });

  it('starts over on reset', () => {
    const pager = new CursorPager();
    pager.loaded('c2');
    pager.forward();
    pager.reset();
    expect(pager.current).toBeNull();
    expect(pager.hasNext).toBe(false);
  });
});
