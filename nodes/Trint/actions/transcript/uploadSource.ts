import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readTimeoutMs } from '../fields';
import type { UrlSourceSettings } from '../../transport/urlSource';
import { DEFAULT_SPOOL_CAP_MIB, MAX_SOURCE_REDIRECTS } from '../../transport/urlSource';

/** Where Upload takes the media from. */
export function sourceField(): INodeProperties {
	return {
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file on the input item (from Read/Write Files from Disk, HTTP Request, ...)' },
			{ name: 'URL', value: 'url', description: 'An http(s) address the node downloads and passes to Trint as it arrives' },
		],
		default: 'binary',
	};
}

/** The fields of Source "URL". */
export function urlSourceFields(): INodeProperties[] {
	const showUrl = { source: ['url'] };
	return [
		{
			displayName: 'Source URL',
			name: 'sourceUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://media.example.com/interview.mp3',
			hint: `Fetched with GET (up to ${MAX_SOURCE_REDIRECTS} redirects). With a known size it is streamed into Trint without being stored; otherwise it is spooled in n8n first.`,
			description: 'Address of the audio or video file. Trint credentials are never sent to it.',
			displayOptions: { show: showUrl },
		},
		{
			displayName: 'Source Options',
			name: 'sourceOptions',
			type: 'collection',
			placeholder: 'Add Source Option',
			default: {},
			displayOptions: { show: showUrl },
			options: [
				{
					displayName: 'Max Spool Size (MiB)',
					name: 'maxSpoolMiB',
					type: 'number',
					default: DEFAULT_SPOOL_CAP_MIB,
					typeOptions: { minValue: 1 },
					description: 'Largest file stored in n8n when the source gives no size; larger ones fail instead of filling the disk',
				},
				{
					displayName: 'Send Without Length (Chunked)',
					name: 'sendWithoutLength',
					type: 'boolean',
					default: false,
					description: 'Whether to pass a source without a size to Trint as it arrives (chunked) instead of spooling it in n8n first. Trint may refuse chunked uploads; a refused or rate-limited chunked upload is not sent again.',
				},
				{
					displayName: 'Source Headers',
					name: 'headers',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					placeholder: 'Add Header',
					description: 'Headers for the source only (for example its own Authorization); never sent to Trint, nor to another host after a redirect',
					options: [
						{
							displayName: 'Header',
							name: 'header',
							values: [
								{ displayName: 'Name', name: 'name', type: 'string', default: '' },
								{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
							],
						},
					],
				},
				{
					displayName: 'Source Timeout (Seconds)',
					name: 'timeout',
					type: 'number',
					default: 300,
					typeOptions: { minValue: 1 },
					description: 'How long the source may stay silent (before answering, or while sending) before the item fails',
				},
			],
		},
	];
}

const FORBIDDEN_SOURCE_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'accept-encoding']);

export function readUrlSourceSettings(ctx: IExecuteFunctions, itemIndex: number, fileName: string): UrlSourceSettings {
	const options = (ctx.getNodeParameter('sourceOptions', itemIndex, {}) as IDataObject) ?? {};
	const headers: Record<string, string> = {};
	const entries = ((options.headers as IDataObject | undefined)?.header ?? []) as IDataObject[];
	for (const entry of entries) {
		const name = String(entry.name ?? '').trim();
		if (!name) continue;
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || FORBIDDEN_SOURCE_HEADERS.has(name.toLowerCase())) {
			throw new NodeOperationError(ctx.getNode(), `"Source Headers" has a header the node cannot send: "${name}"`, {
				itemIndex,
				description: 'Use a plain header name (letters, digits, "-"). Host, Content-Length, Transfer-Encoding, Connection and Accept-Encoding are set by the node.',
			});
		}
		headers[name.toLowerCase()] = String(entry.value ?? '');
	}
	const timeoutSeconds = Number(options.timeout ?? 300);
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Source Timeout (Seconds)" must be a positive number', { itemIndex });
	}
	const capMiB = Number(options.maxSpoolMiB ?? DEFAULT_SPOOL_CAP_MIB);
	if (!Number.isFinite(capMiB) || capMiB <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Max Spool Size (MiB)" must be a positive number', { itemIndex });
	}
	return {
		url: String(ctx.getNodeParameter('sourceUrl', itemIndex, '') ?? ''),
		headers,
		timeoutMs: Math.round(timeoutSeconds * 1000),
		uploadTimeoutMs: readTimeoutMs(ctx, itemIndex),
		spoolCapBytes: Math.round(capMiB * 1048576),
		sendWithoutLength: options.sendWithoutLength === true,
		fileName,
		itemIndex,
	};
}
