import type { Page } from './types';

/**
 * Follows `next_cursor` until the list ends or `maxItems` are collected. `truncated` tells whether
 * more were left on the server.
 */
export async function collectPages<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  maxItems: number,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && items.length < maxItems);
  return { items: items.slice(0, maxItems), truncated: cursor !== null || items.length > maxItems };
}

/**
 * Back-and-forth paging over cursor lists, which only go forward: the cursors of the pages already
 * seen are kept so that "Previous" can go back.
 */
export class CursorPager {
  /** Cursor that fetched each page seen so far; the first page has none. */
  private readonly cursors: (string | null)[] = [null];
  private index = 0;
  private next: string | null = null;

  /** The cursor to fetch the page being shown. */
  get current(): string | null {
    return this.cursors[this.index] ?? null;
  }

  /** One-based number of the page being shown. */
  get pageNumber(): number {
    return this.index + 1;
  }

  get hasPrevious(): boolean {
    return this.index > 0;
  }

  get hasNext(): boolean {
    return this.next !== null;
  }

  /** Records the `next_cursor` of the page just loaded. */
  loaded(nextCursor: string | null): void {
    this.next = nextCursor;
  }

  forward(): void {
    if (this.next === null) return;
    this.cursors.length = this.index + 1;
    this.cursors.push(this.next);
    this.index += 1;
    this.next = null;
  }

  back(): void {
    if (this.index > 0) this.index -= 1;
  }

  reset(): void {
    this.cursors.length = 1;
    this.index = 0;
    this.next = null;
  }
}
