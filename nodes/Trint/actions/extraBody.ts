import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * "Additional Body Fields (JSON)": merged last into a request body whose field names Trint has
 * not published, so a wrong guess can be corrected (or a new field sent) without a release.
 */
export function extraBodyOption(what: string): INodeProperties {
	return {
		displayName: 'Additional Body Fields (JSON)',
		name: 'additionalBodyFields',
		type: 'json',
		default: '{}',
		description: `A JSON object merged last into the ${what} request body; its fields replace the node's. Trint has not published this body, so use it when Trint expects another field name.`,
	};
}

export function readExtraBody(ctx: IExecuteFunctions, itemIndex: number, parameter = 'options.additionalBodyFields'): IDataObject {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '{}') as unknown;
	if (raw === undefined || raw === null || raw === '') return {};
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), '"Additional Body Fields (JSON)" is not valid JSON', {
				itemIndex,
				description: `${(error as Error).message}. Enter a JSON object such as {"sourceLanguage": "en"}.`,
			});
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), '"Additional Body Fields (JSON)" must be a JSON object', {
			itemIndex,
			description: 'Enter an object such as {"sourceLanguage": "en"}, not a list or a single value.',
		});
	}
	return value as IDataObject;
}
