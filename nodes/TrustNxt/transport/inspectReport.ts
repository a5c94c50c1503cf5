/**
 * Inspect's report mapped to what the node outputs. The report's shape is assumed, so it is
 * read defensively: a missing field becomes null or empty, never an error, and the manifest
 * store's own failures fill in what the summary leaves out.
 */
import type { IDataObject } from 'n8n-workflow';

import { asRecord, textOrNull } from '../../shared/client';

export interface InspectFailure extends IDataObject {
	code: string;
	explanation: string | null;
}

export interface InspectReport {
	assetId: string | null;
	verdict: string;
	hasCredentials: boolean;
	signer: string | null;
	signerIssuer: string | null;
	signedAt: string | null;
	signatureAlgorithm: string | null;
	claimGenerator: string | null;
	assertions: string[];
	failures: InspectFailure[];
	validationState: string | null;
	manifestStore: IDataObject | null;
	/** Only when checksums are on. */
	originalSha256?: string;
}

/** Failure entries of the manifest store's validation results, by code, for their explanations. */
function manifestFailures(store: IDataObject): Map<string, string> {
	const explanations = new Map<string, string>();
	const results = asRecord(store.validation_results);
	const groups = [asRecord(results.activeManifest), ...(Array.isArray(results.ingredientDeltas) ? results.ingredientDeltas.map((delta) => asRecord(asRecord(delta).validationDeltas)) : [])];
	for (const group of groups) {
		for (const entry of Array.isArray(group.failure) ? group.failure : []) {
			const record = asRecord(entry);
			if (typeof record.code === 'string' && typeof record.explanation === 'string' && !explanations.has(record.code)) {
				explanations.set(record.code, record.explanation);
			}
		}
	}
	// Older readers put the failures in a flat `validation_status` list.
	for (const entry of Array.isArray(store.validation_status) ? store.validation_status : []) {
		const record = asRecord(entry);
		if (typeof record.code === 'string' && typeof record.explanation === 'string' && !explanations.has(record.code)) {
			explanations.set(record.code, record.explanation);
		}
	}
	return explanations;
}

/** The report with its verdict (checked by the caller), as the node outputs it. */
export function mapInspectReport(report: IDataObject, verdict: string, originalSha256: string | undefined): InspectReport {
	const summary = asRecord(report.summary);
	const signer = asRecord(summary.signer);
	const store = report.manifestStore && typeof report.manifestStore === 'object' ? (report.manifestStore as IDataObject) : null;
	const explanations = store ? manifestFailures(store) : new Map<string, string>();
	const failureEntries = Array.isArray(summary.failures) ? summary.failures : [];
	const failures: InspectFailure[] = [];
	for (const entry of failureEntries) {
		const code = typeof entry === 'string' ? entry : textOrNull(asRecord(entry).code);
		if (!code || failures.some((failure) => failure.code === code)) continue;
		const own = typeof entry === 'object' ? textOrNull(asRecord(entry).explanation) : null;
		failures.push({ code, explanation: own ?? explanations.get(code) ?? null });
	}
	// A report whose summary lists no failures but whose manifest store does: trust the store.
	for (const [code, explanation] of explanations) {
		if (!failures.some((failure) => failure.code === code)) failures.push({ code, explanation });
	}
	const assertions = (Array.isArray(summary.assertions) ? summary.assertions : [])
		.map((entry) => (typeof entry === 'string' ? entry : textOrNull(asRecord(entry).label)))
		.filter((label): label is string => Boolean(label));
	return {
		assetId: textOrNull(report.assetId),
		verdict,
		hasCredentials: typeof summary.hasCredentials === 'boolean' ? summary.hasCredentials : verdict !== 'no_credentials',
		signer: textOrNull(signer.commonName) ?? textOrNull(signer.name),
		signerIssuer: textOrNull(signer.issuer),
		signedAt: textOrNull(signer.time),
		signatureAlgorithm: textOrNull(signer.alg),
		claimGenerator: textOrNull(summary.claimGenerator),
		assertions,
		failures,
		validationState: store ? textOrNull(store.validation_state) : null,
		manifestStore: store,
		originalSha256,
	};
}
