import type { INodeProperties } from 'n8n-workflow';

import * as createPushStream from './createPushStream.operation';
import * as getStatus from './getStatus.operation';
import * as start from './start.operation';
import * as stop from './stop.operation';
import * as waitUntilStopped from './waitUntilStopped.operation';

export { createPushStream, getStatus, start, stop, waitUntilStopped };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['liveTranscript'] } },
		options: [
			{ name: 'Create Push Stream', value: 'createPushStream', description: 'Get an RTMP URL and stream key for an encoder', action: 'Create a push stream' },
			{ name: 'Get Status', value: 'getStatus', description: 'Get the state of a live transcript', action: 'Get the status of a live transcript' },
			{ name: 'Start', value: 'start', description: 'Start transcribing a live stream into a new Trint', action: 'Start a live transcript' },
			{
				name: 'Stop',
				value: 'stop',
				description: 'Stop a running live transcript; the Trint keeps what was transcribed. Stopping a stopped one does nothing.',
				action: 'Stop a live transcript',
			},
			{
				name: 'Wait Until Stopped',
				value: 'waitUntilStopped',
				description: 'Wait until a live transcript has stopped, then output its final status',
				action: 'Wait until a live transcript has stopped',
			},
		],
		default: 'getStatus',
	},
	...createPushStream.description,
	...start.description,
	...stop.description,
	...getStatus.description,
	...waitUntilStopped.description,
];
