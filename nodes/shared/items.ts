import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Runs `handler` once per input item. */
export type ItemHandler = (itemIndex: number) => Promise<INodeExecutionData[]>;

function withItemIndex(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

/**
 * The per-item loop every operation runs in. Each input item yields its output items or, with
 * "Continue On Fail", exactly one error item; every output item is paired with the input item
 * it came from, in input order. Without "Continue On Fail" the first failure stops the node and
 * names the item.
 */
export async function runForEachItem(ctx: IExecuteFunctions, handler: ItemHandler): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await handler(itemIndex);
			for (const result of results) {
				output.push({ ...result, pairedItem: result.pairedItem ?? { item: itemIndex } });
			}
		} catch (error) {
			const failure = withItemIndex(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw failure;
			const json: IDataObject = { error: failure.message };
			const description = (failure as NodeOperationError).description;
			if (description) json.description = description;
			const httpCode = (failure as NodeApiError).httpCode;
			if (httpCode) json.httpCode = httpCode;
			// No `error` property on the item: n8n would then replace the JSON with the bare message,
			// losing the description that says what to do.
			output.push({ json, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
