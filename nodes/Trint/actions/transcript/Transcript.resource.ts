import type { INodeProperties } from 'n8n-workflow';

import * as exportTranscript from './export.operation';
import * as get from './get.operation';
import * as getAll from './getMany.operation';
import * as upload from './upload.operation';

export { exportTranscript as export, get, getAll, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcript'] } },
		options: [
			{ name: 'Export', value: 'export', description: 'Export a transcript in one of Trint\'s formats', action: 'Export a transcript' },
			{ name: 'Get', value: 'get', description: 'Retrieve one transcript', action: 'Get a transcript' },
			{ name: 'Get Many', value: 'getAll', description: 'List transcripts', action: 'Get many transcripts' },
			{ name: 'Upload', value: 'upload', description: 'Upload media to be transcribed', action: 'Upload media to transcribe' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...upload.description,
	...exportTranscript.description,
];
