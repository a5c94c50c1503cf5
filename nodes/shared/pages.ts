/**
 * Reading a skip/limit list that has no total count, several pages at a time.
 *
 * Without a total the end is only known when a page comes back shorter than asked, so reading one
 * page after the other pays a full network round trip per page. The scheduler below asks for the
 * next pages ahead while earlier ones are still on their way, and still hands them to the caller
 * one by one, strictly in list order, exactly as the one-after-the-other loop would have asked for
 * them. The caller keeps every check it makes on a page (repeated entries, a server that ignores
 * `skip`), because it sees the pages in list order.
 *
 * A list that changes while it is read: one page after the other, an entry created at the front
 * only makes the next page repeat one entry, which the caller drops. With pages asked ahead,
 * answers can be produced in any order, so a later page may be cut before the change and an
 * earlier one after it, and one entry would fall between them unseen. So when entries can be told
 * apart (`keyOf`), each page asked ahead starts one position early, on the last entry of the page
 * before it; when that entry is not where it should be, the list moved between the two answers,
 * and the page is asked again a little further back, where the entry is found again (realigning).
 */
import type { INodeProperties } from 'n8n-workflow';

/** Most page requests kept in flight at once: Trint's own batch client caps itself at 6. */
export const MAX_PARALLEL_PAGE_REQUESTS = 6;
/** Pages in flight unless the user says otherwise: most of the gain, with room under the cap. */
export const DEFAULT_PARALLEL_PAGE_REQUESTS = 4;

/** The "Parallel Requests" option of a list that reads every page. */
export function parallelRequestsField(): INodeProperties {
	return {
		displayName: 'Parallel Requests',
		name: 'parallelRequests',
		type: 'number',
		default: DEFAULT_PARALLEL_PAGE_REQUESTS,
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_PAGE_REQUESTS },
		description:
			'How many pages to ask for at once while reading the whole list. More saves waiting on the network; the results are the same and in the same order. 1 reads one page after the other.',
	};
}

/** One page as the caller receives it: where it was asked for, and what came back. */
export interface ListPage<T> {
	/** The `skip` the page was asked with. */
	skip: number;
	/** The `limit` the page was asked with. */
	limit: number;
	entries: T[];
}

export interface PageScheduleOptions<T> {
	/**
	 * Asks the server for one page. Called with increasing `skip`; may be called for pages that
	 * turn out to lie past the end, whose answers (and failures) are then ignored.
	 */
	fetchPage: (skip: number, limit: number) => Promise<T[]>;
	/** Entries asked for per page (the server's largest page size, usually). */
	pageSize: number;
	/**
	 * How many list positions to read from `startSkip` on. Omitted or Infinity reads to the end
	 * (Return All); a finite count trims the last page so no request asks beyond it.
	 */
	maxCount?: number;
	/** Page requests kept in flight at once, 1 to MAX_PARALLEL_PAGE_REQUESTS; 1 reads one by one. */
	parallel?: number;
	/** Where to start (default 0). */
	startSkip?: number;
	/**
	 * An entry's identity (an ID), or undefined when it has none. Given, and with more than one
	 * page in flight, pages overlap by one entry so a list that moved between two answers is
	 * noticed and read again from where it moved (see above).
	 */
	keyOf?: (entry: T) => string | undefined;
}

/**
 * How far back a page is asked again when the list moved under it: entries created (or removed)
 * between two answers up to this many are found again.
 */
export const REALIGN_MARGIN = 50;

type Settled<T> = { ok: true; entries: T[] } | { ok: false; error: unknown };

interface PendingPage<T> {
	skip: number;
	limit: number;
	/** Starts on the last position of the page before it (asked ahead, with `keyOf`). */
	overlaps: boolean;
	result: Promise<Settled<T>>;
}

/** A whole number of parallel page requests within what the pack allows (1 when unreadable). */
export function clampParallelPageRequests(value: unknown): number {
	const number = Math.floor(Number(value));
	if (!Number.isFinite(number) || number < 1) return 1;
	return Math.min(number, MAX_PARALLEL_PAGE_REQUESTS);
}

/**
 * Yields the list's pages in order, keeping up to `parallel` page requests in flight ahead of the
 * page the caller is working on, from the second page on (the first is asked alone).
 *
 * - The iteration ends after the first page shorter than its `limit` (the last page), or when
 *   `maxCount` positions are covered, or when the caller stops iterating.
 * - Past the end at most `parallel − 1` requests have been sent; their answers are ignored, but
 *   waited for before the iteration ends, so no request of the list is still running once the
 *   caller has moved on (nor after the node has finished).
 * - A failed request is thrown only when its page is the next one needed; a failure of a page
 *   that is never needed is dropped, and no request's failure is ever left unhandled.
 * - A page longer than asked (a server ignoring `limit`) is taken whole: the next page is then
 *   asked right after it, and the pages already asked for beyond it are dropped.
 * - With `keyOf` and more than one page in flight, a page whose first entry is not the last entry
 *   handed out before it is dropped with the pages asked beyond it, and asked again from up to
 *   REALIGN_MARGIN positions further back. The caller gets the pages whole, overlap included:
 *   it drops the entries it has seen, as it does for a list shifted under the one-by-one loop.
 */
export async function* pagesInOrder<T>(options: PageScheduleOptions<T>): AsyncGenerator<ListPage<T>, void, undefined> {
	const pageSize = Math.max(1, Math.floor(options.pageSize));
	const parallel = clampParallelPageRequests(options.parallel ?? 1);
	const startSkip = Math.max(0, Math.floor(options.startSkip ?? 0));
	const maxCount = options.maxCount === undefined ? Number.POSITIVE_INFINITY : Math.max(0, options.maxCount);
	const keyOf = parallel > 1 ? options.keyOf : undefined;
	// Enough room left on a page past the overlap for the realigned read to move forward.
	const margin = Math.max(0, Math.min(REALIGN_MARGIN, pageSize - 2));
	const end = startSkip + maxCount;
	const ahead: Array<PendingPage<T>> = [];
	/** Every request not yet settled, whether its page is still wanted or not. */
	const running = new Set<Promise<Settled<T>>>();
	/** The first list position no page has been asked for yet. */
	let nextSkip = startSkip;
	/** The key of the last entry handed out, which the next overlapping page must start with. */
	let lastKey: string | undefined;

	const request = (skip: number, limit: number): Promise<Settled<T>> => {
		// Settled at once into a value: a page nobody waits for can never become an unhandled rejection.
		const result = Promise.resolve()
			.then(async () => await options.fetchPage(skip, limit))
			.then(
				(entries): Settled<T> => ({ ok: true, entries }),
				(error): Settled<T> => ({ ok: false, error }),
			);
		running.add(result);
		void result.then(() => running.delete(result));
		return result;
	};
	const fillAhead = (inFlight: number) => {
		while (ahead.length < inFlight && nextSkip < end) {
			// Every page but the list's first starts on the previous page's last position.
			const overlaps = keyOf !== undefined && nextSkip > startSkip;
			const skip = overlaps ? nextSkip - 1 : nextSkip;
			const limit = Math.min(pageSize, end - skip);
			if (overlaps && limit < 2) return;
			ahead.push({ skip, limit, overlaps, result: request(skip, limit) });
			nextSkip = skip + limit;
		}
	};
	const firstKey = (entries: T[]): string | undefined => (entries.length && keyOf ? keyOf(entries[0]) : undefined);
	const dropAhead = () => {
		ahead.length = 0;
	};

	try {
		// The first page alone: most lists (and most polls) end on it, and asking for more before
		// knowing would only add requests past the end. Once it comes back full, the rest is read
		// ahead.
		fillAhead(1);
		while (ahead.length) {
			let page = ahead.shift() as PendingPage<T>;
			let settled = await page.result;
			let realigned = false;
			if (settled.ok && page.overlaps && lastKey !== undefined && firstKey(settled.entries) !== lastKey) {
				// The list moved between the answer before and this one: ask again from further back.
				dropAhead();
				const skip = Math.max(startSkip, page.skip - margin);
				const limit = Math.min(pageSize, end - skip);
				page = { skip, limit, overlaps: false, result: request(skip, limit) };
				settled = await page.result;
				realigned = true;
			}
			if (!settled.ok) {
				dropAhead();
				throw settled.error;
			}
			const entries = settled.entries;
			const covered = page.skip + entries.length;
			const last = entries.length < page.limit || covered >= end;
			if (last) {
				dropAhead();
			} else {
				if (realigned || covered !== page.skip + page.limit) {
					// Realigned, or longer than asked: what was asked for after it is off the list's grid.
					dropAhead();
					nextSkip = covered;
				}
				const lastEntry = entries[entries.length - 1];
				lastKey = keyOf && lastEntry !== undefined ? keyOf(lastEntry) : undefined;
				// Topped up before handing the page over, so requests run while the caller works; the
				// caller's page counts as one of them, so with 1 nothing is asked before it comes back
				// (it may stop there), as in the one-after-the-other loop. After a realigned read nothing is
				// asked before the caller has seen it: a list that keeps moving (or a server ignoring
				// `skip`) is then judged on it first.
				fillAhead(realigned ? 0 : parallel - 1);
			}
			yield { skip: page.skip, limit: page.limit, entries };
			if (last) return;
			fillAhead(parallel);
		}
	} finally {
		// Also when the caller stops early or a page failed. Settled promises never reject, so
		// this only waits.
		await Promise.all([...running]);
	}
}
