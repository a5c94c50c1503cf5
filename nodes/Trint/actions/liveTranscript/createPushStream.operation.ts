import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { createPushStream } from '../../transport/realtime';
import { optionsCollection, readTimeoutMs } from '../fields';

export const option: OperationOption = {
	name: 'Create Push Stream',
	description: 'Get an RTMP URL and stream key for an encoder',
	action: 'Create a push stream',
};

export const description: INodeProperties[] = [
	{
		displayName:
			'Gives an RTMP URL and a stream key for an encoder such as OBS; then use Start with the key. Treat the key like a password: anyone who has it can stream into the account. The node never puts it in logs or error messages.',
		name: 'pushStreamNotice',
		type: 'notice',
		default: '',
	},
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { streamKey, streamUrl, raw } = await createPushStream(this, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: { ...raw, streamUrl, streamKey } }];
}
