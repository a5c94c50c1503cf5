import type { X509Certificate } from 'crypto';
import { X509Certificate as Certificate } from 'crypto';

import { detect } from '../index';
import { C2paReadError } from '../limits';
import type { ByteSource, ChunkStream } from '../source';
import { bufferSource, streamSource } from '../source';
import type { AnchorSet, IssuanceCheck } from './certificates';
import { anchorSet, bundledAnchors, rememberedIssuance } from './certificates';
import { BmffHasher } from './bmffHash';
import { ExcludingHasher } from './dataHash';
import type { IngredientDelta, ManifestCheck, ValidationContext } from './manifest';
import { checkManifest, manifestUrl } from './manifest';
import type { JumbfBox } from '../jumbf';
import { parseJumbf } from '../jumbf';
import type { NotChecked, ValidationStatus } from './status';
import { CODES, isToleratedFailure } from './status';
import { C2PA_TRUST_LIST, C2PA_TSA_TRUST_LIST } from './trustLists.generated';

export { certificatesFromPem } from './certificates';
export type { NotChecked, StatusEntry, ValidationStatus } from './status';

export type ValidationState = 'Invalid' | 'Valid' | 'Trusted';

/** A file to verify: its size and a way to open its bytes from the start (again if need be). */
export interface FileToVerify {
	size: number;
	open(): Promise<Buffer | ChunkStream>;
}

export interface VerifyOptions {
	/** PEM certificates the user trusts as well as the C2PA trust list (signers and time-stamp authorities). */
	additionalAnchors?: X509Certificate[];
	/** The time certificates are checked against when no valid time stamp says when the claim was signed. */
	now?: Date;
	/** Parsed certificates shared by the files of one node run (verificationCache()); by default each file parses its own. */
	cache?: VerificationCache;
}

/**
 * What the files of one node run can share: certificates parsed from their DER bytes and the
 * bundled trust lists' parsed anchors, and which certificate issued which. Files signed by the
 * same signer carry the same chain: parsing and verifying it again for every file was most of the
 * time a small signed file takes.
 */
export interface VerificationCache {
	certificates: Map<string, X509Certificate | undefined>;
	issued: IssuanceCheck;
	signerAnchors: AnchorSet;
	tsaAnchors: AnchorSet;
}

/** Certificates kept per run at most: a run over files from many signers stays bounded. */
const CACHED_CERTIFICATES = 1024;

export function verificationCache(): VerificationCache {
	return { certificates: new Map(), issued: rememberedIssuance(), signerAnchors: bundledAnchors(C2PA_TRUST_LIST), tsaAnchors: bundledAnchors(C2PA_TSA_TRUST_LIST) };
}

export interface VerificationReport {
	hasContentCredentials: boolean;
	manifestLocation: 'embedded' | 'remote' | 'none' | 'unknown';
	container?: string;
	remoteUrl?: string;
	/** c2pa-rs's state; absent when there is nothing to validate or a check that could change it was not made. */
	validationState?: ValidationState;
	/** Why there is no state, when there is none. */
	stateNotGiven?: string;
	activeManifest?: string;
	/** c2pa-rs's shape: the active manifest's statuses, and each ingredient's. */
	validationResults?: { activeManifest: ValidationStatus; ingredientDeltas: IngredientDelta[] };
	/** Every failure code, of the active manifest and its ingredients, once each. */
	failureCodes: string[];
	notChecked: NotChecked[];
	signer?: ManifestCheck['signer'];
	trustLists: { signers: string; tsa: string; additionalAnchors: number };
	readError?: string;
	bytesRead: number;
}

/**
 * Bytes kept from the first read so the data hash needs no second pass over the file. In JPEG
 * and PNG the manifest store comes before the image data, so only the header is kept; a store
 * found later than this sends the hash through a second read from the start instead.
 */
const KEPT_PREFIX_BYTES = 16 * 1024 * 1024;

function trustListName(list: { name: string; issued: string }): string {
	return `${list.name} (issued ${list.issued.slice(0, 10)}, CC BY 4.0)`;
}

interface Recorder {
	chunks: Buffer[];
	bytes: number;
	overflow: boolean;
}

function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1');
	throw new C2paReadError('The binary stream gave something other than bytes');
}

/**
 * A stream that remembers the chunks the container walk pulls (up to a cap), so the data hash can
 * start from them and go on with the same stream: one pass over the file.
 */
function recording(stream: ChunkStream, recorder: Recorder): { stream: ChunkStream; iterator: AsyncIterator<unknown> } {
	const iterator = stream[Symbol.asyncIterator]();
	const wrapped: ChunkStream = {
		[Symbol.asyncIterator]: () => ({
			next: async () => {
				const next = await iterator.next();
				if (!next.done && !recorder.overflow) {
					const chunk = asBuffer(next.value);
					recorder.chunks.push(chunk);
					recorder.bytes += chunk.length;
					if (recorder.bytes > KEPT_PREFIX_BYTES) {
						recorder.overflow = true;
						recorder.chunks = [];
					}
				}
				return next;
			},
		}),
	};
	return { stream: wrapped, iterator };
}

function close(stream: ChunkStream | undefined): void {
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}

/**
 * Validates a file's Content Credentials locally, as c2pa-rs does, and says what it could not
 * check. The file is walked once to find the manifest store; when the active manifest binds the
 * file with a data hash, the same read goes on to hash every byte outside the exclusions.
 */
export async function verifyContentCredentials(file: FileToVerify, options: VerifyOptions = {}): Promise<VerificationReport> {
	const additional = options.additionalAnchors ?? [];
	const report: VerificationReport = {
		hasContentCredentials: false,
		manifestLocation: 'unknown',
		failureCodes: [],
		notChecked: [],
		trustLists: { signers: trustListName(C2PA_TRUST_LIST), tsa: trustListName(C2PA_TSA_TRUST_LIST), additionalAnchors: additional.length },
		bytesRead: 0,
	};

	const opened = await file.open();
	let source: ByteSource;
	let stream: ChunkStream | undefined;
	let rest: AsyncIterator<unknown> | undefined;
	const recorder: Recorder = { chunks: [], bytes: 0, overflow: false };
	if (Buffer.isBuffer(opened)) source = bufferSource(opened);
	else {
		stream = opened;
		const wrapped = recording(opened, recorder);
		rest = wrapped.iterator;
		source = streamSource(wrapped.stream, file.size);
	}

	try {
		let store: Buffer | undefined;
		let stage = 'container';
		try {
			const head = await source.read(0, 16);
			const format = detect(head);
			if (!format) {
				report.readError = 'Not a file format the local validator knows (it reads JPEG, PNG, HEIC/HEIF/AVIF, MP4/MOV, MP3, WAV, WebP and AVI)';
				return report;
			}
			report.container = format.container;
			const finding = await format.walk(source);
			if (finding.remoteUrl) report.remoteUrl = finding.remoteUrl;
			if (!finding.store) {
				report.hasContentCredentials = !!finding.remoteUrl;
				report.manifestLocation = finding.remoteUrl ? 'remote' : 'none';
				if (finding.remoteUrl) {
					report.notChecked.push({ check: 'remote manifest', reason: 'remote manifests are not fetched: the manifest store at the file\'s remote reference was not downloaded or validated', affectsState: true });
					report.stateNotGiven = 'The file points to a remote manifest, which is not fetched.';
				} else {
					report.stateNotGiven = 'The file carries no Content Credentials.';
				}
				return report;
			}
			store = finding.store;
			report.hasContentCredentials = true;
			report.manifestLocation = 'embedded';
			stage = 'store';

			const tree = parseJumbf(store);
			const storeBox = tree.find((box) => box.type === 'jumb' && box.contentType === 'c2pa');
			if (!storeBox) throw new C2paReadError('The embedded JUMBF is not a C2PA manifest store');
			const manifests = storeBox.children.filter((box) => box.type === 'jumb' && (box.contentType === 'c2ma' || box.contentType === 'c2um'));
			if (!manifests.length) throw new C2paReadError('The manifest store holds no manifest');
			const byLabel = new Map<string, JumbfBox>();
			for (const manifest of manifests) if (manifest.label) byLabel.set(manifest.label, manifest);
			const cache = options.cache ?? verificationCache();
			const certificates = cache.certificates;
			const userAnchors = anchorSet(additional);
			const context: ValidationContext = {
				signerAnchors: { listed: cache.signerAnchors, additional: userAnchors },
				tsaAnchors: { listed: cache.tsaAnchors, additional: userAnchors },
				manifests: byLabel,
				now: options.now ?? new Date(),
				issued: cache.issued,
				toCertificate: (der) => {
					const key = der.toString('base64');
					if (!certificates.has(key)) {
						let certificate: X509Certificate | undefined;
						try {
							certificate = new Certificate(der);
						} catch {
							certificate = undefined;
						}
						if (certificates.size >= CACHED_CERTIFICATES) certificates.clear();
						certificates.set(key, certificate);
					}
					return certificates.get(key);
				},
			};
			const active = manifests[manifests.length - 1];
			if (active.contentType === 'c2um') {
				report.notChecked.push({ check: 'update manifest', reason: 'the active manifest is an update manifest, whose rules are not implemented', affectsState: true });
			}
			const check = checkManifest(active, context, true);
			report.activeManifest = check.label;
			report.signer = check.signer;
			report.notChecked.push(...check.notChecked);
			stage = 'hash';

			const binding = check.hardBinding;
			if (binding?.kind === 'data' || binding?.kind === 'bmff') {
				const hasher = binding.kind === 'data' ? new ExcludingHasher(binding.alg, binding.exclusions) : new BmffHasher(binding.alg, binding.exclusions, binding.withOffsets, file.size);
				if (Buffer.isBuffer(opened)) hasher.update(opened);
				else if (!recorder.overflow && rest) {
					for (const chunk of recorder.chunks) hasher.update(chunk);
					recorder.chunks = [];
					for (;;) {
						const next = await rest.next();
						if (next.done) break;
						hasher.update(asBuffer(next.value));
					}
				} else {
					close(stream);
					stream = (await file.open()) as ChunkStream;
					for await (const chunk of stream) hasher.update(asBuffer(chunk));
				}
				report.bytesRead = Math.max(source.bytesRead, hasher.fed);
				if (hasher instanceof ExcludingHasher) {
					const matches = hasher.exclusionsInside(hasher.fed) && hasher.digest().equals(binding.hash);
					if (matches) check.status.success.push({ code: CODES.dataHashMatch, url: binding.url, explanation: 'data hash valid' });
					else check.status.failure.push({ code: CODES.dataHashMismatch, url: binding.url, explanation: 'the file\'s bytes do not match the data hash in the manifest' });
				} else if (hasher.unsupported) {
					report.notChecked.push({ check: `hard binding ${binding.kind === 'bmff' ? binding.label : ''}`, reason: `the BMFF hard binding was not verified locally (${hasher.unsupported})`, affectsState: true });
				} else {
					const matches = hasher.complete() && hasher.digest().equals(binding.hash);
					if (matches) check.status.success.push({ code: CODES.bmffHashMatch, url: binding.url, explanation: 'BMFF hash valid' });
					else check.status.failure.push({ code: CODES.bmffHashMismatch, url: binding.url, explanation: hasher.broken ? `the file cannot match its BMFF hash: ${hasher.broken}` : 'the file\'s bytes do not match the BMFF hash in the manifest' });
				}
			} else if (binding?.kind === 'unsupported') {
				report.notChecked.push({
					check: `hard binding ${binding.label}`,
					reason: `the ${binding.label} hard binding was not verified locally (${binding.reason}), so the file's bytes were not checked against the manifest`,
					affectsState: true,
				});
			}

			report.validationResults = { activeManifest: check.status, ingredientDeltas: check.ingredientDeltas };
			const failures = [...check.status.failure, ...check.ingredientDeltas.flatMap((delta) => delta.validationDeltas.failure)];
			report.failureCodes = [...new Set(failures.map((entry) => entry.code))];
			const state = stateOf(check);
			const blocking = report.notChecked.filter((entry) => entry.affectsState);
			if (state === 'Invalid' || blocking.length === 0) report.validationState = state;
			else report.stateNotGiven = `Not every check that decides the state was made (${blocking.map((entry) => entry.check).join('; ')}); nothing failed in those that were.`;
			return report;
		} catch (error) {
			const reason = error instanceof C2paReadError ? error.message : `Unexpected structure (${error instanceof Error ? error.message : String(error)})`;
			report.readError = stage === 'container' ? `The file could not be read: ${reason}` : stage === 'store' ? `A manifest store is embedded but could not be read: ${reason}` : `The file could not be hashed: ${reason}`;
			if (stage === 'store') {
				// A store that is there but cannot be read fails validation, as in c2pa-rs. A file
				// that could not be read to its end while hashing says nothing either way.
				report.validationState = 'Invalid';
				report.failureCodes = [CODES.claimMalformed];
			} else if (stage === 'hash') {
				report.stateNotGiven = 'The file could not be read to its end to check the hash that binds the manifest to it.';
			}
			return report;
		}
	} finally {
		report.bytesRead = Math.max(report.bytesRead, source.bytesRead);
		await source.close().catch(() => undefined);
		close(stream);
	}
}

/** c2pa-rs's rule: Valid needs a validated signature and only tolerated failures, Trusted also a trusted signer and no failure at all. */
function stateOf(check: ManifestCheck): ValidationState {
	const success = new Set(check.status.success.map((entry) => entry.code));
	const ingredientFailures = check.ingredientDeltas.flatMap((delta) => delta.validationDeltas.failure);
	const valid =
		success.has(CODES.claimSignatureValidated) &&
		success.has(CODES.claimSignatureInsideValidity) &&
		check.status.failure.every((entry) => isToleratedFailure(entry.code)) &&
		ingredientFailures.every((entry) => isToleratedFailure(entry.code));
	if (!valid) return 'Invalid';
	if (success.has(CODES.signingCredentialTrusted) && check.status.failure.length === 0 && ingredientFailures.length === 0) return 'Trusted';
	return 'Valid';
}

export { manifestUrl };
