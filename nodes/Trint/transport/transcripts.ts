/**
 * Transcripts: the list, `GET {api}/transcripts/`, and one transcript,
 * `GET {api}/transcripts/file/{id}` (docs/trint-wire.md, "Transcripts").
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListPage } from '../../shared/pages';
import { pagesInOrder } from '../../shared/pages';
import { headerValue } from '../../shared/request';
import type { CallOptions } from './conventions';
import { idOf } from './conventions';
import type { TrintContext } from './index';
import { asArray, parseJsonBody, pathSegment, TRINT_MAX_PAGE_SIZE, trintRequest } from './index';

/** Which transcripts: the key user's own, or a Shared Drive's; optionally those of one folder. */
export interface TranscriptScope {
	sharedDriveId?: string;
	folderId?: string;
}

/**
 * The scope as Trint's query, plus the filter Trint cannot apply. Trint filters by folder only
 * within a Shared Drive (`folderId` needs `sharedDriveId`), so a personal folder is matched on
 * each transcript's `folderId` [modeled].
 */
function scopeQuery(scope: TranscriptScope): { query: IDataObject; keep?: (entry: IDataObject) => boolean } {
	const query: IDataObject = {};
	if (scope.sharedDriveId) query.sharedDriveId = scope.sharedDriveId;
	const folderId = scope.folderId;
	if (!folderId) return { query };
	if (scope.sharedDriveId) {
		query.folderId = folderId;
		return { query };
	}
	return { query, keep: (entry) => entry.folderId === folderId };
}

/** One request of the list: `limit` transcripts from position `skip`. */
export type FetchPage = (skip: number, limit: number) => Promise<IDataObject[]>;

export interface TranscriptPage {
	/** Where this page starts. */
	skip: number;
	/** The page as Trint sent it. */
	entries: IDataObject[];
	/** Its entries in the scope that this listing has not given before, in list order. */
	fresh: IDataObject[];
	/** Shorter than asked for (or empty): the list ends here [modeled]. */
	last: boolean;
	/** A full page with nothing not listed before: the server ignores `skip`. */
	repeated: boolean;
	/** Where the next page starts. */
	nextSkip: number;
}

export interface PagingOptions {
	/** Where to start (the picker's pagination token). */
	skip?: number;
	/** How many more transcripts the caller wants, asked before each page; all by default. */
	wanted?: () => number;
	/** Entries outside it are left out of `fresh`; pages are then always asked for whole. */
	keep?: (entry: IDataObject) => boolean;
	/**
	 * Page requests kept in flight when the list is read to its end (no `wanted`, or `keep`):
	 * the next pages are asked for while earlier ones are on their way (shared/pages.ts). 1, the
	 * default, asks one page after the other. With `wanted` the pages are sized to what is still
	 * wanted, so they are asked one by one.
	 */
	parallel?: number;
	/** With `parallel`: list positions to read at most, so nothing is asked for beyond them. */
	maxCount?: number;
}

/** The raw pages, in list order: ahead of time when allowed, else one by one sized to `wanted`. */
async function* rawPages(fetchPage: FetchPage, options: PagingOptions): AsyncGenerator<ListPage<IDataObject>, void, undefined> {
	const start = options.skip ?? 0;
	const wanted = options.wanted;
	if (options.keep || !wanted) {
		yield* pagesInOrder({
			fetchPage,
			pageSize: TRINT_MAX_PAGE_SIZE,
			parallel: options.parallel ?? 1,
			startSkip: start,
			maxCount: options.maxCount,
			keyOf: (entry) => idOf(entry) || undefined,
		});
		return;
	}
	let skip = start;
	for (;;) {
		const limit = Math.min(TRINT_MAX_PAGE_SIZE, wanted());
		const entries = await fetchPage(skip, limit);
		yield { skip, limit, entries };
		if (entries.length < limit) return;
		skip += entries.length;
	}
}

/**
 * The list as pages, in order, until the short page that ends it. Each page is one
 * `fetchPage(skip, limit)`, so the requests can be scheduled apart from what is done with them.
 * There is no total and no cursor: the next page starts where this one ended, and a page longer
 * than asked for (a server ignoring `limit`) is taken whole and skipped past. A transcript
 * created while paging shifts the list by one, so the next page repeats an entry: each ID is in
 * `fresh` once.
 */
export async function* transcriptPages(fetchPage: FetchPage, options: PagingOptions = {}): AsyncGenerator<TranscriptPage, void, undefined> {
	const listed = new Set<string>();
	for await (const { skip, limit, entries } of rawPages(fetchPage, options)) {
		const fresh: IDataObject[] = [];
		let unlisted = 0;
		for (const entry of entries) {
			const id = idOf(entry);
			if (id) {
				if (listed.has(id)) continue;
				listed.add(id);
			}
			unlisted++;
			if (!options.keep || options.keep(entry)) fresh.push(entry);
		}
		const last = entries.length < limit;
		const page: TranscriptPage = { skip, entries, fresh, last, repeated: !last && unlisted === 0, nextSkip: skip + entries.length };
		yield page;
		if (last) return;
	}
}

/** The transcripts of `scope`, page by page (see `transcriptPages`). */
export function listTranscripts(
	ctx: TrintContext,
	scope: TranscriptScope,
	options: CallOptions & Omit<PagingOptions, 'keep'> = {},
): AsyncGenerator<TranscriptPage, void, undefined> {
	const { query, keep } = scopeQuery(scope);
	const { itemIndex, timeoutMs } = options;
	const fetchPage: FetchPage = async (skip, limit) => {
		const response = await trintRequest(ctx, { method: 'GET', path: '/transcripts/', qs: { ...query, limit, skip }, itemIndex, timeoutMs });
		return asArray(ctx, response.body, 'transcripts', itemIndex);
	};
	return transcriptPages(fetchPage, { skip: options.skip, wanted: options.wanted, keep, parallel: options.parallel, maxCount: options.maxCount });
}

/** The first `limit` transcripts of `scope` (all with `returnAll`), each once. */
export async function listAllTranscripts(
	ctx: TrintContext,
	scope: TranscriptScope,
	options: CallOptions & { returnAll: boolean; limit?: number; parallel?: number },
): Promise<IDataObject[]> {
	const wanted = options.returnAll ? Number.POSITIVE_INFINITY : Math.max(0, options.limit ?? 50);
	const results: IDataObject[] = [];
	if (wanted <= 0) return results;
	const { itemIndex, timeoutMs } = options;
	const paging = options.returnAll
		? { itemIndex, timeoutMs, parallel: options.parallel }
		: { itemIndex, timeoutMs, wanted: () => wanted - results.length };
	for await (const page of listTranscripts(ctx, scope, paging)) {
		results.push(...page.fresh.slice(0, wanted - results.length));
		if (page.last || results.length >= wanted) break;
		if (page.repeated) {
			// Stop instead of reading the same page forever.
			throw new NodeOperationError(ctx.getNode(), `Trint sent the same transcripts again for skip=${page.skip}`, {
				itemIndex: options.itemIndex,
				description: `After ${results.length} transcripts a full page held only transcripts already listed, so the list cannot be completed. Nothing was returned, so no item is duplicated or lost silently; run the workflow again later, or use Limit.`,
			});
		}
	}
	return results;
}

/** One transcript as Trint sent it: JSON as data, anything else as a file. */
export type TranscriptFile = { kind: 'json'; data: IDataObject } | { kind: 'file'; bytes: Buffer; contentType: string };

/**
 * One transcript. Trint shows no response body for this call [modeled]: JSON is passed
 * through; anything else is kept as a file rather than dropped.
 */
export async function getTranscript(ctx: TrintContext, trintId: string, options: CallOptions = {}): Promise<TranscriptFile> {
	const { itemIndex } = options;
	const response = await trintRequest(ctx, { method: 'GET', path: `/transcripts/file/${pathSegment(trintId)}`, ...options });
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	if (!/json/i.test(contentType) && (typeof response.body === 'string' || Buffer.isBuffer(response.body))) {
		const bytes = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body as string, 'utf8');
		try {
			return { kind: 'json', data: parseJsonBody(ctx, bytes, 'the transcript', itemIndex) as IDataObject };
		} catch {
			return { kind: 'file', bytes, contentType: contentType || 'application/octet-stream' };
		}
	}
	return { kind: 'json', data: parseJsonBody(ctx, response.body, 'the transcript', itemIndex) as IDataObject };
}
