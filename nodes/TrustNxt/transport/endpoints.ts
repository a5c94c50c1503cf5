/**
 * One function per TrustNXT call: Usage (free), Protect and Inspect (billed). Each names its
 * path and reads its answer; sending, retrying and the advice after a failure are the client's.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BinaryInput, BinaryStream } from '../../shared/binary';
import { asRecord, countOrNull, textOrNull } from '../../shared/client';
import { checkMediaType, MEDIA_HEAD_BYTES } from '../helpers/mediaType';
import type { MultipartTextPart } from '../../shared/multipart';
import type { HttpResponse } from '../../shared/request';
import { headerValue } from '../../shared/request';
import { parseJson, trustNxtRequest, USAGE_RESET_UNKNOWN } from './client';
import { ASSET_ID_HEADER, METADATA_PART, PATHS } from './contract';
import type { InspectReport } from './inspectReport';
import { mapInspectReport } from './inspectReport';
import type { UploadState } from './upload';
import { assetBody, closeAttempt, readFileHead, uploadedSha256 } from './upload';

// ---------------------------------------------------------------------------------------------
// Usage

export interface Usage extends IDataObject {
	periodStart: string | null;
	periodEnd: string | null;
	protectCalls: number | null;
	protectLimit: number | null;
	protectRemaining: number | null;
	inspectCalls: number | null;
	inspectLimit: number | null;
	inspectRemaining: number | null;
	/** True when TrustNXT sets no limit on Protect calls (then the limit and remaining are null). */
	protectUnlimited: boolean;
	/** True when TrustNXT sets no limit on Inspect calls (then the limit and remaining are null). */
	inspectUnlimited: boolean;
}

/** [modeled] `GET /v1/usage`, flattened; a `null` limit means no limit. */
export async function getUsage(ctx: IExecuteFunctions, itemIndex: number, timeoutMs: number): Promise<Usage> {
	const response = await trustNxtRequest(ctx, { operation: 'usage', method: 'GET', path: PATHS.usage, itemIndex, timeoutMs });
	const report = asRecord(parseJson(ctx, response.body, 'the usage', itemIndex));
	const period = asRecord(report.period);
	const limit = asRecord(report.limit);
	const protectCalls = countOrNull(report.protectCalls);
	const inspectCalls = countOrNull(report.inspectCalls);
	const protectLimit = countOrNull(limit.protectCalls);
	const inspectLimit = countOrNull(limit.inspectCalls);
	const remaining = (calls: number | null, max: number | null) => (calls === null || max === null ? null : Math.max(0, max - calls));
	return {
		periodStart: textOrNull(period.start),
		periodEnd: textOrNull(period.end),
		protectCalls,
		protectLimit,
		protectRemaining: remaining(protectCalls, protectLimit),
		inspectCalls,
		inspectLimit,
		inspectRemaining: remaining(inspectCalls, inspectLimit),
		// [modeled] A limit that is null or absent means the plan has none for that call.
		protectUnlimited: protectLimit === null,
		inspectUnlimited: inspectLimit === null,
	};
}

/**
 * When the limit resets, asked from the usage endpoint (free); a general sentence if that fails.
 * Counts are quoted only when they agree with the 402 (calls at or past the limit): a counter
 * that shows room left would contradict the refusal, so that is said instead of the figures.
 */
async function describeUsageReset(ctx: IExecuteFunctions, operation: 'protect' | 'inspect', itemIndex: number, timeoutMs: number): Promise<string> {
	try {
		const usage = await getUsage(ctx, itemIndex, Math.min(timeoutMs, 15_000));
		if (typeof usage.periodEnd === 'string' && usage.periodEnd) {
			const protect = operation === 'protect';
			const calls = protect ? usage.protectCalls : usage.inspectCalls;
			const limit = protect ? usage.protectLimit : usage.inspectLimit;
			const label = protect ? 'Protect' : 'Inspect';
			const period = `This period (${String(usage.periodStart ?? '?')} to ${usage.periodEnd})`;
			const agrees = calls !== null && limit !== null && calls >= limit;
			const counts = agrees
				? `${period} has used ${String(calls)} of ${String(limit)} ${label} calls`
				: `${period}: TrustNXT's usage counter (Usage → Get) does not show the ${label} limit as reached, so its figures are left out here; they may lag behind, and if this lasts, ask TrustNXT which limit applies`;
			return `${counts}; the limit resets after ${usage.periodEnd}.`;
		}
	} catch {
		// The reset date is a courtesy; the 402 itself is the error to report.
	}
	return USAGE_RESET_UNKNOWN;
}

// ---------------------------------------------------------------------------------------------
// Sending a file (Protect, Inspect)

export interface AssetRequest {
	input: BinaryInput;
	itemIndex: number;
	timeoutMs: number;
	/** Whether to compute the file's SHA-256 (Node's crypto) as it is sent (the operation decides). */
	checksum: boolean;
}

async function sendAsset(
	ctx: IExecuteFunctions,
	operation: 'protect' | 'inspect',
	{ input, itemIndex, timeoutMs, checksum }: AssetRequest,
	textParts: MultipartTextPart[],
): Promise<{ response: HttpResponse; originalSha256?: string }> {
	const state: UploadState = {};
	try {
		// A file TrustNXT cannot take is refused here, by its bytes, before anything is sent.
		const detected = checkMediaType(ctx, operation, input, await readFileHead(input, state, MEDIA_HEAD_BYTES), itemIndex);
		const response = await trustNxtRequest(ctx, {
			operation,
			method: 'POST',
			path: PATHS[operation],
			itemIndex,
			timeoutMs,
			body: async () => await assetBody(input, textParts, state, checksum),
			stream: operation === 'protect',
			file: { fileName: input.fileName, mimeType: input.mimeType, size: input.size, looksLike: detected.phrase },
			usageReset: async () => await describeUsageReset(ctx, operation, itemIndex, timeoutMs),
		});
		return { response, originalSha256: checksum ? await uploadedSha256(input, state) : undefined };
	} finally {
		closeAttempt(state.current);
	}
}

/** [modeled] What Protect may record with the asset; only the fields the user set are sent. */
export interface ProtectMetadata {
	title?: string;
	creator?: string;
	doNotTrain?: boolean;
}

export interface ProtectResult {
	assetId: string | null;
	/** The protected file as it arrives: a stream, to be stored without any change. */
	body: BinaryStream;
	contentType?: string;
	/** Announced size of the protected file, when the server said. */
	contentLength?: number;
	/** Only when checksums are on. */
	originalSha256?: string;
}

/** [modeled] `POST /v1/protect`: multipart `metadata` (JSON, optional) and `file`; the body is the protected file. */
export async function protectAsset(ctx: IExecuteFunctions, request: AssetRequest, metadata: ProtectMetadata): Promise<ProtectResult> {
	// The wire names are spelled out here, so a correction to them stays in the transport.
	const wire: IDataObject = {};
	if (metadata.title !== undefined) wire.title = metadata.title;
	if (metadata.creator !== undefined) wire.creator = metadata.creator;
	if (metadata.doNotTrain !== undefined) wire.doNotTrain = metadata.doNotTrain;
	const parts: MultipartTextPart[] = [];
	if (Object.keys(wire).length) parts.push({ name: METADATA_PART, value: JSON.stringify(wire), contentType: 'application/json' });
	const { response, originalSha256 } = await sendAsset(ctx, 'protect', request, parts);
	const length = Number(headerValue(response.headers, 'content-length'));
	return {
		assetId: textOrNull(headerValue(response.headers, ASSET_ID_HEADER)),
		body: response.body as BinaryStream,
		contentType: headerValue(response.headers, 'content-type'),
		contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
		originalSha256,
	};
}

/** [modeled] `POST /v1/inspect`: multipart `file`; the body is the report, read defensively. */
export async function inspectAsset(ctx: IExecuteFunctions, request: AssetRequest): Promise<InspectReport> {
	const { response, originalSha256 } = await sendAsset(ctx, 'inspect', request, []);
	const report = asRecord(parseJson(ctx, response.body, 'the inspection', request.itemIndex));
	const verdict = textOrNull(report.verdict);
	if (!verdict) {
		throw new NodeOperationError(ctx.getNode(), 'TrustNXT sent an inspection report without a verdict', {
			itemIndex: request.itemIndex,
			description: `The call was billed. The report had these fields: ${Object.keys(report).join(', ') || '(none)'}.`,
		});
	}
	return mapInspectReport(report, verdict, originalSha256);
}
