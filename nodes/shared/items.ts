import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { operationError, restoreHeadline } from './errors';
import { rateLimitsMetBy } from './rateLimits';

/** Runs `handler` once per input item. */
export type ItemHandler = (itemIndex: number) => Promise<INodeExecutionData[]>;

/** Most items processed at once, whatever the node is set to: Trint's own batch client caps itself at 6. */
export const MAX_BATCH_CONCURRENCY = 6;

/**
 * The "Batch Concurrency" option of an operation that handles each item on its own. The default
 * of 1 keeps items one after the other: these calls may be billed, so going faster is the
 * user's choice.
 */
export function batchConcurrencyField(service: string): INodeProperties {
	return {
		displayName: 'Batch Concurrency',
		name: 'batchConcurrency',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, maxValue: MAX_BATCH_CONCURRENCY },
		description: `How many items to send to ${service} at once. The output keeps the input order. If ${service} answers that there are too many requests, fewer are sent at once for the rest of the run.`,
	};
}

export interface ItemRunOptions {
	/**
	 * How many items are processed at once (1 to MAX_BATCH_CONCURRENCY). 1, the default, is the
	 * one-after-the-other loop.
	 */
	concurrency?: number;
}

/** What a concurrent run did about rate limits. */
export interface ConcurrencyReport {
	/** The concurrency the run started with. */
	requested: number;
	/** The concurrency it ended with: lower than `requested` after the server answered 429. */
	final: number;
}

/** A whole number of items at once within what the pack allows (1 when unreadable). */
export function clampBatchConcurrency(value: unknown): number {
	const number = Math.floor(Number(value));
	if (!Number.isFinite(number) || number < 1) return 1;
	return Math.min(number, MAX_BATCH_CONCURRENCY);
}

function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		restoreHeadline(error);
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return operationError(ctx.getNode(), message, { itemIndex });
}

/** Pairs the handler's own fresh items in place: copying each one costs more than it says on long lists. */
function paired(results: INodeExecutionData[], itemIndex: number): INodeExecutionData[] {
	for (const result of results) {
		if (result.pairedItem === undefined) result.pairedItem = { item: itemIndex };
	}
	return results;
}

/** The item that stands for a failed input item under "Continue On Fail". */
function errorItem(failure: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: failure.message };
	const description = (failure as NodeOperationError).description;
	if (description) json.description = description;
	const httpCode = (failure as NodeApiError).httpCode;
	if (httpCode) json.httpCode = httpCode;
	// No `error` property on the item: n8n would then replace the JSON with the bare message,
	// losing the description that says what to do.
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The per-item loop every operation runs in. Each input item yields its output items or, with
 * "Continue On Fail", exactly one error item; every output item is paired with the input item
 * it came from, in input order. Without "Continue On Fail" the first failure stops the node and
 * names the item.
 *
 * With `concurrency` above 1 the items are processed that many at a time (see
 * runItemsConcurrently); the output is the same as the one-by-one loop would give.
 */
export async function runForEachItem(
	ctx: IExecuteFunctions,
	handler: ItemHandler,
	options: ItemRunOptions = {},
): Promise<INodeExecutionData[]> {
	const concurrency = clampBatchConcurrency(options.concurrency ?? 1);
	if (concurrency > 1) return (await runItemsConcurrently(ctx, handler, concurrency)).output;
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(...paired(await handler(itemIndex), itemIndex));
		} catch (error) {
			const failure = withItemIndex(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw failure;
			output.push(errorItem(failure, itemIndex));
		}
	}
	return output;
}

/**
 * Processes the input items up to `concurrency` at a time, each handler called exactly once per
 * item (never again: a billed call is not repeated by this layer; resending what the server
 * provably did not process is the request layer's business).
 *
 * - Output: in input order, every item paired with its input item; under "Continue On Fail" a
 *   failed item's error item stands in its place.
 * - Without "Continue On Fail" a failure stops new items from starting; the items already under
 *   way are let finish (their calls may be billed and are not abandoned half-way), then the
 *   failure of the lowest item index is thrown, as the one-by-one loop would have thrown it.
 * - Rate limits: whenever the run has met a new 429 since the last item started (the request
 *   layer counts them per run, see rateLimits.ts), the concurrency is halved, down to 1, for the
 *   rest of the run. Each lowering is logged as a warning, and the run ends with an execution
 *   hint on the output pane saying what it was lowered to and why.
 */
export async function runItemsConcurrently(
	ctx: IExecuteFunctions,
	handler: ItemHandler,
	concurrency: number,
): Promise<{ output: INodeExecutionData[]; report: ConcurrencyReport }> {
	const count = ctx.getInputData().length;
	const requested = clampBatchConcurrency(concurrency);
	const results: INodeExecutionData[][] = new Array(count);
	let limit = requested;
	let nextItem = 0;
	let stopped = false;
	let firstFailure: { itemIndex: number; error: Error } | undefined;
	let rateLimitsSeen = rateLimitsMetBy(ctx);

	const lowerOnRateLimit = () => {
		const met = rateLimitsMetBy(ctx);
		if (met === rateLimitsSeen) return;
		rateLimitsSeen = met;
		if (limit === 1) return;
		const before = limit;
		limit = Math.max(1, Math.floor(limit / 2));
		ctx.logger?.warn(
			`Batch Concurrency lowered from ${before} to ${limit} for the rest of this run: the server answered 429 (too many requests)`,
			{ node: ctx.getNode().name },
		);
	};

	const processItem = async (itemIndex: number) => {
		try {
			results[itemIndex] = paired(await handler(itemIndex), itemIndex);
		} catch (error) {
			const failure = withItemIndex(ctx, error, itemIndex);
			if (ctx.continueOnFail()) {
				results[itemIndex] = [errorItem(failure, itemIndex)];
				return;
			}
			stopped = true;
			if (!firstFailure || itemIndex < firstFailure.itemIndex) firstFailure = { itemIndex, error: failure };
		}
	};

	// Lane n keeps taking items while n is below the current limit; when the limit drops, the
	// lanes above it end after their current item.
	const lane = async (laneIndex: number) => {
		for (;;) {
			lowerOnRateLimit();
			if (stopped || laneIndex >= limit || nextItem >= count) return;
			await processItem(nextItem++);
		}
	};
	const lanes: Array<Promise<void>> = [];
	for (let laneIndex = 0; laneIndex < Math.min(requested, count); laneIndex++) lanes.push(lane(laneIndex));
	await Promise.all(lanes);
	lowerOnRateLimit();

	const report: ConcurrencyReport = { requested, final: limit };
	if (limit < requested && typeof ctx.addExecutionHints === 'function') {
		ctx.addExecutionHints({
			message: `Batch Concurrency was lowered from ${requested} to ${limit} during this run because the server answered 429 (too many requests). Set Batch Concurrency to ${limit} to stay within the account's rate limit.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	if (firstFailure) throw firstFailure.error;
	const output: INodeExecutionData[] = [];
	for (const itemResults of results) if (itemResults) output.push(...itemResults);
	return { output, report };
}
