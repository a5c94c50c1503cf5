import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runForEachItem } from './items';

type OperationModule = { execute: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]> };

/** Resource name → its resource module, whose exports are operation name → operation module. */
export type ResourceMap = Record<string, Record<string, unknown>>;

/** Picks the chosen operation's module and runs it once per input item. */
export async function routeToOperation(ctx: IExecuteFunctions, resources: ResourceMap): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation] as OperationModule | undefined;
	if (!module || typeof module.execute !== 'function') {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const output = await runForEachItem(ctx, async (itemIndex) => await module.execute.call(ctx, itemIndex));
	return [output];
}
