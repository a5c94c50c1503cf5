import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const EXPORT_LIVE_HINT = 'The live transcript is an ordinary Trint: export it with Transcript → Export and this ID';

export function liveIdField(): INodeProperties {
	return {
		displayName: 'Live Transcript ID',
		name: 'trintId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Lv7pQ2sWx9ZcB4nMk6RtYa',
		description: 'The trintId that Live Transcript → Start returned',
		hint: EXPORT_LIVE_HINT,
	};
}

export function readLiveId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = String(ctx.getNodeParameter('trintId', itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), '"Live Transcript ID" is empty', {
			itemIndex,
			description: 'Enter the trintId that Live Transcript → Start returned, for example {{ $json.trintId }}.',
		});
	}
	if (/^\.+$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `"Live Transcript ID" is "${value}", which is not an ID`, { itemIndex });
	}
	return value;
}
