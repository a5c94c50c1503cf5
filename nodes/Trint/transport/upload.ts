/**
 * The upload, `POST {upload}/`: the raw media as the body, every option in the query
 * (docs/trint-wire.md, "Upload").
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HttpResponse } from '../../shared/request';
import type { CallOptions } from './conventions';
import type { TrintContext } from './index';
import { parseJsonBody, trintRequest } from './index';

/** Where the upload goes and how Trint should transcribe it. */
export interface UploadTarget {
	/** Becomes the Trint's title. */
	fileName: string;
	language: string;
	sharedDriveId?: string;
	folderId?: string;
	/** Echoed by Trint in its webhook events. */
	metadata?: string;
	/** Unset: Trint's default. */
	detectSpeakerChange?: boolean;
	/** Unset: Trint's default. */
	customDictionary?: boolean;
}

export interface UploadBody {
	contentType: string;
	/** Sent as Content-Length when known; without it the body goes chunked. */
	length?: number;
	/** Produces the body for an attempt: again only after a 429 or a refused connection, which prove Trint did not take it. */
	open: () => Promise<unknown>;
}

/**
 * Uploads media. It is billed and not idempotent, so it is sent again only when Trint did not take it.
 * `acceptStatuses` are answers the caller explains itself instead of the general advice.
 */
export async function uploadMedia(
	ctx: TrintContext,
	target: UploadTarget,
	body: UploadBody,
	options: CallOptions & { acceptStatuses?: number[] } = {},
): Promise<HttpResponse> {
	const qs: IDataObject = { filename: target.fileName, language: target.language };
	if (target.sharedDriveId) qs['workspace-id'] = target.sharedDriveId;
	if (target.folderId) qs['folder-id'] = target.folderId;
	if (target.metadata) qs.metadata = target.metadata;
	if (target.detectSpeakerChange !== undefined) qs['detect-speaker-change'] = target.detectSpeakerChange ? 'true' : 'false';
	if (target.customDictionary !== undefined) qs['custom-dictionary'] = target.customDictionary ? 'true' : 'false';
	const headers: Record<string, string> = { 'content-type': body.contentType };
	if (body.length !== undefined) headers['content-length'] = String(body.length);
	return await trintRequest(ctx, {
		method: 'POST',
		host: 'upload',
		path: '/',
		qs,
		headers,
		bodyFactory: body.open,
		resend: 'billed',
		kind: 'upload',
		...options,
	});
}

/** The new Trint's ID: `{"trintId": ...}` [official-code]; a bare ID as text too, since Trint may answer in text. */
export function uploadedTrintId(ctx: TrintContext, response: HttpResponse, itemIndex: number): string {
	const body = response.body;
	let parsed: unknown = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = (Buffer.isBuffer(body) ? body.toString('utf8') : body).trim();
		if (/^[A-Za-z0-9_-]{10,64}$/.test(text)) return text;
		parsed = parseJsonBody(ctx, text, 'the upload', itemIndex, 'upload');
	}
	const id = parsed && typeof parsed === 'object' ? (parsed as IDataObject).trintId : undefined;
	if (typeof id !== 'string' || !id) {
		throw new NodeOperationError(ctx.getNode(), 'Trint accepted the upload but sent no trintId', {
			itemIndex,
			description: 'Look for the file in Trint before uploading it again, so that it is not transcribed (and billed) twice.',
		});
	}
	return id;
}
