import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_TIMEOUT_SECONDS = 300;

/** The "Timeout (Seconds)" option every operation offers. */
export function timeoutField(service: string): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		default: DEFAULT_TIMEOUT_SECONDS,
		typeOptions: { minValue: 1 },
		description: `How long to wait for ${service} to answer (silence, not total transfer time) before failing`,
	};
}

/** The "Options" collection of an operation: what the operation adds, plus the timeout. */
export function optionsCollectionFor(service: string, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		// In the order n8n lists a collection's options in: by name.
		options: [...extra, timeoutField(service)].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en')),
	};
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return (ctx.getNodeParameter('options', itemIndex, {}) as IDataObject) ?? {};
}

/** The operation's timeout in milliseconds, refusing values that cannot be meant. */
export function readTimeoutMs(ctx: IExecuteFunctions, itemIndex: number): number {
	const seconds = Number(readOptions(ctx, itemIndex).timeout ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Timeout (Seconds)" must be a positive number', { itemIndex });
	}
	return Math.round(seconds * 1000);
}
