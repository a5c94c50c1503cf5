/**
 * Exports: `GET {api}/export/{format}/{id}` (format paths in formats.ts), and the download of
 * the temporary link most formats answer with (docs/trint-wire.md, "Exports").
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { discardBody } from '../../shared/client';
import { buildApiError } from '../../shared/errors';
import type { HttpResponse } from '../../shared/request';
import { headerValue, sendWithRetry } from '../../shared/request';
import type { CallOptions } from './conventions';
import type { ExportFormat } from './formats';
import { findExportFormat } from './formats';
import type { TrintContext } from './index';
import { describeNetwork, getTrintConnection, pathSegment, trintRequest } from './index';

/** What asking for an export gives. */
export type ExportOutcome =
	| { kind: 'notReady' }
	| { kind: 'json'; data: IDataObject }
	| { kind: 'link'; title?: string; url: string }
	| { kind: 'inline'; body: Buffer; contentType?: string };

/**
 * Asks Trint for an export of `trintId` in `format` with the query `qs`. A 404 while a Trint is
 * transcribing means "not ready yet" [modeled] and is returned as such; the JSON format arrives
 * inline, every other format as a temporary link [observed]. A body that is neither JSON nor a
 * link is taken as the file itself.
 */
export async function requestExport(
	ctx: TrintContext,
	trintId: string,
	format: Pick<ExportFormat, 'path'>,
	qs: IDataObject,
	options: CallOptions = {},
): Promise<ExportOutcome> {
	const path = `/export/${format.path}/${pathSegment(trintId)}`;
	const response = await trintRequest(ctx, { method: 'GET', path, qs, ...options, acceptStatuses: [404] });
	if (response.statusCode === 404) return { kind: 'notReady' };
	let body = response.body;
	const contentType = headerValue(response.headers, 'content-type');
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
		try {
			body = JSON.parse(text);
		} catch {
			return { kind: 'inline', body: Buffer.isBuffer(body) ? body : Buffer.from(text, 'utf8'), contentType };
		}
	}
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const record = body as IDataObject;
		if (typeof record.url === 'string' && record.url) {
			return { kind: 'link', title: typeof record.title === 'string' ? record.title : undefined, url: record.url };
		}
		return { kind: 'json', data: record };
	}
	return { kind: 'inline', body: Buffer.from(JSON.stringify(body)), contentType };
}

/** The JSON export: the transcript as data, and how "transcribed yet?" is asked. */
export const JSON_EXPORT = findExportFormat('json') as ExportFormat;

/**
 * Fetches a temporary export link. The link points at cloud storage, not at Trint, so it is
 * fetched without any Trint credential: storage would reject a second auth scheme and the key
 * must not travel to a third party. Redirects are not followed for the same reason.
 */
export async function downloadExportLink(ctx: IExecuteFunctions, url: string, itemIndex: number, timeoutMs?: number): Promise<HttpResponse> {
	const connection = await getTrintConnection(ctx);
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'Trint sent an export link that is not a URL', { itemIndex, description: url.slice(0, 120) });
	}
	const outcome = await sendWithRetry(
		ctx,
		async () => ({ method: 'GET', url: target.href, encoding: 'stream', timeout: timeoutMs }),
		{ resend: 'idempotent' },
	);
	if (!outcome.response) {
		const { message, description } = describeNetwork(outcome, target.host, timeoutMs);
		throw buildApiError(ctx.getNode(), { message: message.replace('Trint', 'The export link'), description, itemIndex, secrets: connection.secrets });
	}
	const status = outcome.response.statusCode;
	if (status >= 200 && status < 300) return outcome.response;
	discardBody(outcome.response.body);
	const expired = status === 403 || status === 410;
	throw buildApiError(ctx.getNode(), {
		message: `Downloading the export failed: HTTP ${status}`,
		description: expired
			? 'The temporary export link was refused, most likely because it expired. Export again; the node fetches the link right away, so this happens only after long pauses.'
			: `The storage host ${target.host} refused the download.`,
		httpCode: status,
		itemIndex,
		secrets: connection.secrets,
	});
}
