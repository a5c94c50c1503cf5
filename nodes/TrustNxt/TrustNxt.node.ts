import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asset } from './actions/asset/Asset.resource';
import { usage } from './actions/usage/Usage.resource';
import type { ResourceMap } from '../shared/resources';
import { resourceProperties, routeToOperation, subtitleFor } from '../shared/resources';

/** Resource value → resource, in the order their fields are listed. */
const resources = { asset, usage } satisfies ResourceMap;

export class TrustNxt implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TrustNXT',
		name: 'trustNxt',
		icon: { light: 'file:../../icons/trustnxt.svg', dark: 'file:../../icons/trustnxt.dark.svg' },
		group: ['transform'],
		// 1.1: Inspect drops the inspected file unless Keep Input File is added; 1.2: Inspect names
		// the facts it shares with Read Content Credentials as that does; 1.3: Protect and Inspect
		// add SHA-256 checksums unless Add SHA-256 Checksums is turned off (helpers/outputs.ts).
		version: [1, 1.1, 1.2, 1.3],
		defaultVersion: 1.3,
		// Readable names on the canvas; an operation missing from the map shows its value.
		subtitle: subtitleFor(resources),
		description: 'Protect images and recordings with a TrustNXT Trust Label, inspect a file\'s label, read Content Credentials locally for free, and watch the billed usage',
		defaults: { name: 'TrustNXT' },
		// The flag is node-wide (n8n has no per-operation switch, and the lint rule asks for it).
		// As an AI tool only Usage → Get works on its own: Protect and Inspect need a file from a
		// previous node, which their operation descriptions say.
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Read and Verify Content Credentials make no request, so they need no account: the
		// credential is hidden (and not required) for them.
		credentials: [
			{
				name: 'trustNxtApi',
				required: true,
				displayOptions: { hide: { operation: ['readContentCredentials', 'verifyContentCredentials'] satisfies Array<keyof typeof asset.operations> } },
			},
		],
		properties: [
			...resourceProperties(resources, 'asset'),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeToOperation(this, resources);
	}
}
