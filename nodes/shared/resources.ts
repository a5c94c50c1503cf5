import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { showFor } from './displayOptions';
import { clampBatchConcurrency, runForEachItem } from './items';

/** How an operation is listed in the Operation dropdown. */
export interface OperationOption {
	name: string;
	description: string;
	action: string;
	/** The text under the node on the canvas, when it should be shorter than `action`. */
	subtitle?: string;
}

/** What an operation file exports: its listing, its fields, and what it does for one item. */
export interface Operation {
	option: OperationOption;
	/** The operation's fields, without display options for its resource and operation (added here). */
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
	/**
	 * The operation's Options hold "Batch Concurrency" (batchConcurrencyField): its items may be
	 * processed several at a time. Each item's work must then stand on its own (no state shared
	 * between items but per-run caches that share their pending reads).
	 */
	concurrent?: true;
	/** How many items at a time when the user did not add Batch Concurrency (1 if not set). */
	defaultBatchConcurrency?: number;
}

/** A resource: its label, and its operations by value, in the order their fields are listed. */
export interface Resource<Value extends string = string> {
	name: string;
	operations: Record<Value, Operation>;
	default: Value;
}

/** Resource value → resource, in the order their fields are listed. */
export type ResourceMap = Record<string, Resource>;

/**
 * Declares a resource. The operation values are the keys of `operations`, so the Operation
 * options, the fields' display options, the canvas subtitle and the router all come from one
 * object: an operation file without `option`, `description` or `execute` fails to compile, and
 * `default` must name one of the operations.
 */
export function defineResource<Value extends string>(resource: { name: string; operations: Record<Value, Operation>; default: NoInfer<Value> }): Resource<Value> {
	return resource;
}

function byName<T extends { name: string }>(a: T, b: T): number {
	return a.name.localeCompare(b.name, 'en');
}

/** The Resource field, then each resource's Operation field and the fields of its operations. */
export function resourceProperties<Resources extends ResourceMap>(resources: Resources, defaultResource: keyof Resources & string): INodeProperties[] {
	const entries = Object.entries(resources);
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: entries.map(([value, resource]) => ({ name: resource.name, value })).sort(byName),
			default: defaultResource,
		},
		...entries.flatMap(([value, resource]) => operationProperties(value, resource)),
	];
}

function operationProperties(resourceValue: string, resource: Resource): INodeProperties[] {
	const operations = Object.entries(resource.operations) as Array<[string, Operation]>;
	const defaultOperation = resource.default;
	const operationField: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: operations
			.map(([value, operation]) => ({ name: operation.option.name, value, description: operation.option.description, action: operation.option.action }))
			.sort(byName),
		default: defaultOperation,
	};
	return [
		...showFor({ resource: resourceValue }, [operationField]),
		...operations.flatMap(([value, operation]) => showFor({ resource: resourceValue, operation: value }, operation.description)),
	];
}

/** The canvas subtitle: the chosen operation's readable name; an unknown one shows its value. */
export function subtitleFor(resources: ResourceMap): string {
	const names = Object.entries(resources).map(([resourceValue, resource]) => {
		const operations = Object.entries(resource.operations) as Array<[string, Operation]>;
		const texts = operations.map(([value, operation]) => `${value}: ${JSON.stringify(operation.option.subtitle ?? operation.option.action)}`);
		return `${resourceValue}: { ${texts.join(', ')} }`;
	});
	return `={{ ({ ${names.join(', ')} }[$parameter["resource"]] || {})[$parameter["operation"]] || $parameter["operation"] }}`;
}

/** Picks the chosen operation and runs it once per input item. */
export async function routeToOperation(ctx: IExecuteFunctions, resources: ResourceMap): Promise<INodeExecutionData[][]> {
	const resourceValue = ctx.getNodeParameter('resource', 0) as string;
	const operationValue = ctx.getNodeParameter('operation', 0) as string;
	const resource = Object.prototype.hasOwnProperty.call(resources, resourceValue) ? resources[resourceValue] : undefined;
	const operation: Operation | undefined =
		resource && Object.prototype.hasOwnProperty.call(resource.operations, operationValue) ? (resource.operations as Record<string, Operation>)[operationValue] : undefined;
	if (!operation) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operationValue}" of "${resourceValue}" is not supported`);
	}
	const output = await runForEachItem(ctx, async (itemIndex) => await operation.execute.call(ctx, itemIndex), {
		concurrency: operation.concurrent ? batchConcurrencyOf(ctx, operation.defaultBatchConcurrency ?? 1) : 1,
	});
	return [output];
}

/**
 * The run's Batch Concurrency, read once from the first item: it is how the node runs, not a
 * property of one item.
 */
function batchConcurrencyOf(ctx: IExecuteFunctions, byDefault: number): number {
	if (!ctx.getInputData().length) return 1;
	const options = ctx.getNodeParameter('options', 0, {}) as { batchConcurrency?: unknown } | undefined;
	return clampBatchConcurrency(options?.batchConcurrency ?? byDefault);
}
