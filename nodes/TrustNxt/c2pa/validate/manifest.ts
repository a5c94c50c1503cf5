import type { X509Certificate } from 'crypto';
import { createHash } from 'crypto';

import type { CborValue } from '../cbor';
import { decodeCbor, field, jsonToCbor, text } from '../cbor';
import type { BmffExclusion } from './bmffHash';
import { readBmffBinding, unsupportedBmff } from './bmffHash';
import type { IssuanceCheck, TrustAnchors } from './certificates';
import { checkTrust, TIME_STAMPING_EKUS, validAt } from './certificates';
import { algorithmName, cborBytes, checkTimeStamp, decodeCoseSign1, sigStructure, verifyCoseSignature } from './cose';
import type { JumbfBox } from '../jumbf';
import { childByContentType, payloadOf } from '../jumbf';
import type { NotChecked, StatusEntry, ValidationStatus } from './status';
import { CODES, emptyStatus } from './status';

export interface ValidationContext {
	signerAnchors: TrustAnchors;
	tsaAnchors: TrustAnchors;
	/** Every manifest of the store by label, to follow ingredient references. */
	manifests: Map<string, JumbfBox>;
	/** The time to check certificates against when no valid time stamp says when the claim was signed. */
	now: Date;
	/** Certificates parsed once per run, by their bytes. */
	toCertificate(der: Buffer): X509Certificate | undefined;
	/** Whether one certificate issued another, answered once per pair in a run. */
	issued: IssuanceCheck;
}

/** A byte range of the file left out of the data hash (where the manifest store itself sits). */
export interface Exclusion {
	start: number;
	length: number;
}

export type HardBinding =
	| { kind: 'data'; url: string; alg: string; hash: Buffer; exclusions: Exclusion[] }
	| { kind: 'bmff'; url: string; label: string; alg: string; hash: Buffer; exclusions: BmffExclusion[]; withOffsets: boolean }
	| { kind: 'unsupported'; url: string; label: string; reason: string };

export interface IngredientDelta {
	ingredientAssertionURI: string;
	validationDeltas: ValidationStatus;
}

export interface ManifestCheck {
	label: string;
	status: ValidationStatus;
	ingredientDeltas: IngredientDelta[];
	notChecked: NotChecked[];
	hardBinding?: HardBinding;
	signer?: { organization?: string; commonName?: string; algorithm?: string; signedAt?: string; trustAnchor?: string };
}

const HASHES = new Set(['sha256', 'sha384', 'sha512']);
const INGREDIENT = /^c2pa\.ingredient(\.v\d+)?(__\d+)?$/;
const DATA_HASH = /^c2pa\.hash\.data(__\d+)?$/;
const OTHER_HARD_BINDINGS = /^c2pa\.hash\.(bmff(\.v\d+)?|boxes|collection\.data)(__\d+)?$/;

export function manifestUrl(label: string): string {
	return `self#jumbf=/c2pa/${label}`;
}

function attribute(subject: string, name: string): string | undefined {
	return new RegExp(`(?:^|\\n)${name}=([^\\n]*)`).exec(subject)?.[1];
}

/** The CBOR (or JSON) content of an assertion box. */
function assertionContent(box: JumbfBox): CborValue {
	const cbor = payloadOf(box, 'cbor');
	if (cbor) return decodeCbor(cbor);
	const json = payloadOf(box, 'json');
	if (json) return jsonToCbor(JSON.parse(json.toString('utf8')));
	return undefined;
}


/** `self#jumbf=c2pa.assertions/x` or `self#jumbf=/c2pa/<manifest>/c2pa.assertions/x` → manifest (if named) and the path after it. */
function splitUrl(url: string): { manifest?: string; path: string } {
	const jumbf = url.replace(/^self#jumbf=/, '');
	const absolute = /^\/c2pa\/([^/]+)(?:\/(.*))?$/.exec(jumbf);
	if (absolute) return { manifest: absolute[1], path: absolute[2] ?? '' };
	return { path: jumbf };
}

function hashOf(alg: string, bytes: Buffer): Buffer {
	return createHash(alg).update(bytes).digest();
}

/**
 * Validates one manifest as c2pa-rs does, in its order: the time stamp, the signing credential
 * (validity at the signing time, then trust), the claim signature, the hashed URIs from the claim
 * to each assertion, the ingredients (each referenced manifest's hash, then that manifest in
 * turn) and, for the active manifest, what its hard binding asks to be hashed. The hard binding
 * itself is checked by the caller, which reads the file.
 */
export function checkManifest(manifest: JumbfBox, context: ValidationContext, isActive: boolean, depth = 0): ManifestCheck {
	const label = manifest.label ?? '';
	const status = emptyStatus();
	const result: ManifestCheck = { label, status, ingredientDeltas: [], notChecked: [] };
	const signatureUrl = `${manifestUrl(label)}/c2pa.signature`;
	const add = (kind: keyof ValidationStatus, code: string, url: string, explanation: string): void => {
		status[kind].push({ code, url, explanation });
	};

	const claimBox = childByContentType(manifest, 'c2cl');
	const claimBytes = claimBox ? payloadOf(claimBox, 'cbor') : undefined;
	if (!claimBox || !claimBytes) {
		add('failure', CODES.claimMissing, manifestUrl(label), 'the manifest has no claim');
		return result;
	}
	let claim: CborValue;
	try {
		claim = decodeCbor(claimBytes);
	} catch (error) {
		add('failure', CODES.claimMalformed, manifestUrl(label), `the claim is not readable CBOR: ${(error as Error).message}`);
		return result;
	}
	const claimAlg = text(field(claim, 'alg')) ?? 'sha256';

	// The signature.
	const signatureBox = childByContentType(manifest, 'c2cs');
	const signatureBytes = signatureBox ? payloadOf(signatureBox, 'cbor') : undefined;
	const sign1 = signatureBytes ? safely(() => decodeCoseSign1(signatureBytes)) : undefined;
	if (!sign1) {
		add('failure', signatureBytes ? CODES.claimSignatureMismatch : CODES.claimSignatureMissing, signatureUrl, signatureBytes ? 'the claim signature is not a COSE_Sign1 structure' : 'the manifest has no claim signature');
	} else {
		const chain = sign1.chain.map((der) => context.toCertificate(der));
		const signer = chain[0];
		const validChain = chain.every((certificate): certificate is X509Certificate => !!certificate) ? (chain as X509Certificate[]) : [];
		result.signer = { algorithm: algorithmName(sign1.algorithm) };
		if (signer) {
			result.signer.organization = attribute(signer.subject, 'O');
			result.signer.commonName = attribute(signer.subject, 'CN');
		}

		// Time stamp: sigTst2 stamps the signature, the older sigTst the claim.
		let signingTime: Date | undefined;
		for (const [key, stamped] of [
			['sigTst2', sign1.signature.length ? cborBytes(sign1.signature) : undefined],
			['sigTst', claimBytes],
		] as const) {
			const container = field(sign1.unprotected, key) ?? field(sign1.protectedHeader, key);
			const tokens = field(container ?? null, 'tstTokens');
			if (!Array.isArray(tokens) || !stamped) continue;
			const token = field(tokens[0], 'val');
			if (tokens.length !== 1 || !Buffer.isBuffer(token)) {
				add('informational', CODES.timeStampMalformed, signatureUrl, 'a time stamp must hold exactly one token');
				break;
			}
			const check = safely(() => checkTimeStamp(token, sigStructure('CounterSignature', sign1.protectedBytes, stamped), context.toCertificate));
			if (!check) {
				add('informational', CODES.timeStampMalformed, signatureUrl, 'the time-stamp token could not be read');
				break;
			}
			if (!check.validated) {
				add('informational', CODES.timeStampMismatch, signatureUrl, `time stamp not valid: ${check.reason}`);
				break;
			}
			add('success', CODES.timeStampValidated, signatureUrl, `time-stamp message digest matched: ${check.tsaName ?? 'unnamed TSA'}`);
			const tsaTrust = checkTrust(check.chain, context.tsaAnchors, check.genTime, TIME_STAMPING_EKUS, context.issued);
			if (tsaTrust.trusted) add('success', CODES.timeStampTrusted, signatureUrl, `time-stamp authority trusted: ${check.tsaName ?? 'unnamed TSA'}`);
			else add('informational', CODES.timeStampUntrusted, signatureUrl, `time-stamp authority untrusted (${tsaTrust.reason}): ${check.tsaName ?? 'unnamed TSA'}`);
			signingTime = check.genTime;
			if (signingTime) result.signer.signedAt = signingTime.toISOString();
			break;
		}

		if (!signer) {
			add('failure', CODES.claimSignatureMismatch, signatureUrl, 'the claim signature carries no readable signing certificate');
		} else {
			const at = signingTime ?? context.now;
			const expired = !validAt(signer, at);
			if (expired) {
				add('failure', CODES.signingCredentialExpired, signatureUrl, `the signing certificate was not valid at ${signingTime ? 'the time-stamped signing time' : 'the time of validation (no valid time stamp)'}`);
			}
			// A signer that fails its profile (here: expired) is never trusted, as c2pa-wasm reports it.
			const trust: ReturnType<typeof checkTrust> = expired ? { trusted: false, reason: 'the signing certificate was not valid at the signing time' } : checkTrust(validChain, context.signerAnchors, signingTime, undefined, context.issued);
			if (trust.trusted) {
				result.signer.trustAnchor = trust.anchorSubject.replace(/\n/g, ', ');
				add('success', CODES.signingCredentialTrusted, signatureUrl, `signing certificate trusted: it chains to an anchor of ${trust.anchor === 'list' ? 'the bundled C2PA trust list' : 'the Additional Trust Anchors'}`);
			} else {
				add('failure', CODES.signingCredentialUntrusted, signatureUrl, `signing certificate untrusted: ${trust.reason}`);
			}
			const verified = verifyCoseSignature(sign1, claimBytes, signer);
			if (verified === 'unsupported') {
				add('failure', CODES.algorithmUnsupported, signatureUrl, 'the claim signature uses an algorithm the C2PA does not allow');
			} else if (verified) {
				add('success', CODES.claimSignatureInsideValidity, signatureUrl, 'claim signature valid');
				add('success', CODES.claimSignatureValidated, signatureUrl, 'claim signature valid');
			} else {
				add('failure', CODES.claimSignatureMismatch, signatureUrl, 'claim signature is not valid');
			}
		}
	}

	// Hashed URIs from the claim to each assertion.
	const assertionStore = childByContentType(manifest, 'c2as');
	const references: CborValue[] = [];
	for (const key of ['assertions', 'created_assertions', 'gathered_assertions']) {
		const list = field(claim, key);
		if (Array.isArray(list)) references.push(...list);
	}
	const checkedAssertions: Array<{ label: string; box: JumbfBox; url: string }> = [];
	for (const reference of references) {
		const url = text(field(reference, 'url')) ?? '';
		const { manifest: named, path } = splitUrl(url);
		const assertionLabel = path.startsWith('c2pa.assertions/') ? path.slice('c2pa.assertions/'.length) : path;
		const absolute = `${manifestUrl(label)}/c2pa.assertions/${assertionLabel}`;
		const box = named === undefined || named === label ? assertionStore?.children.find((child) => child.type === 'jumb' && child.label === assertionLabel) : undefined;
		const expected = field(reference, 'hash');
		const alg = text(field(reference, 'alg')) ?? claimAlg;
		if (!box) {
			add('failure', CODES.assertionMissing, absolute, `cannot find the assertion the claim refers to: ${url}`);
			continue;
		}
		if (!HASHES.has(alg) || !Buffer.isBuffer(expected) || !hashOf(alg, box.body).equals(expected)) {
			add('failure', CODES.hashedUriMismatch, absolute, `hash does not match assertion data: ${url}`);
			continue;
		}
		add('success', CODES.hashedUriMatch, absolute, `hashed uri matched: ${url}`);
		checkedAssertions.push({ label: assertionLabel, box, url: absolute });
	}

	// Ingredients: the manifest each one names must be the one in the store, and valid in turn.
	for (const { label: assertionLabel, box, url } of checkedAssertions) {
		if (!INGREDIENT.test(assertionLabel)) continue;
		const content = safely(() => assertionContent(box));
		const reference = field(content ?? null, 'active_manifest') ?? field(content ?? null, 'c2pa_manifest');
		const deltas = emptyStatus();
		result.ingredientDeltas.push({ ingredientAssertionURI: url, validationDeltas: deltas });
		const title = text(field(content ?? null, 'dc:title')) ?? text(field(content ?? null, 'title')) ?? 'ingredient';
		if (!reference) {
			deltas.informational.push({ code: CODES.ingredientUnknownProvenance, url, explanation: `${title}: ingredient does not have provenance` });
			continue;
		}
		const referenceUrl = text(field(reference, 'url')) ?? '';
		const ingredientLabel = splitUrl(referenceUrl).manifest;
		const ingredient = ingredientLabel ? context.manifests.get(ingredientLabel) : undefined;
		if (!ingredient || !ingredientLabel) {
			deltas.success.push({ code: CODES.ingredientManifestMissing, url, explanation: `${title}: the ingredient's manifest is not in this store` });
			continue;
		}
		const alg = text(field(reference, 'alg')) ?? claimAlg;
		const expected = field(reference, 'hash');
		const ingredientUrl = manifestUrl(ingredientLabel);
		if (!HASHES.has(alg) || !Buffer.isBuffer(expected) || !hashOf(alg, ingredient.body).equals(expected)) {
			deltas.failure.push({ code: CODES.ingredientManifestMismatch, url: ingredientUrl, explanation: 'ingredient hash does not match' });
		} else {
			deltas.success.push({ code: CODES.ingredientManifestValidated, url: ingredientUrl, explanation: 'ingredient hash matched' });
		}
		if (depth >= 16) {
			result.notChecked.push({ check: `ingredient manifest ${ingredientLabel}`, reason: 'ingredients nest deeper than the validator follows', affectsState: true });
			continue;
		}
		const nested = checkManifest(ingredient, context, false, depth + 1);
		deltas.success.push(...nested.status.success);
		deltas.failure.push(...nested.status.failure);
		deltas.informational.push(...nested.status.informational);
		// An ingredient's own ingredients count against the state as c2pa-rs counts them: with the ingredient.
		for (const inner of nested.ingredientDeltas) {
			deltas.failure.push(...inner.validationDeltas.failure);
			deltas.informational.push(...inner.validationDeltas.informational);
		}
		result.notChecked.push(...nested.notChecked);
	}

	// Hard binding: only the active manifest's is checked, against the file itself.
	if (isActive) {
		const data = checkedAssertions.find((entry) => DATA_HASH.test(entry.label));
		const other = checkedAssertions.find((entry) => OTHER_HARD_BINDINGS.test(entry.label));
		const referenced = references.map((reference) => splitUrl(text(field(reference, 'url')) ?? '').path.replace(/^c2pa\.assertions\//, ''));
		if (data) {
			const content = safely(() => assertionContent(data.box));
			const exclusions: Exclusion[] = [];
			for (const exclusion of asArray(field(content ?? null, 'exclusions'))) {
				const start = field(exclusion, 'start');
				const length = field(exclusion, 'length');
				if (typeof start === 'number' && typeof length === 'number') exclusions.push({ start, length });
			}
			const hash = field(content ?? null, 'hash');
			const alg = text(field(content ?? null, 'alg')) ?? claimAlg;
			if (text(field(content ?? null, 'url'))) {
				add('failure', CODES.dataHashMismatch, data.url, 'remote data hash URIs are not supported');
			} else if (!Buffer.isBuffer(hash) || !HASHES.has(alg)) {
				add('failure', CODES.dataHashMismatch, data.url, 'the data hash assertion is malformed');
			} else {
				if (exclusions.length > 1) add('informational', CODES.dataHashAdditionalExclusions, data.url, 'extra data hash exclusions found');
				result.hardBinding = { kind: 'data', url: data.url, alg, hash, exclusions };
			}
		} else if (other && /^c2pa\.hash\.bmff/.test(other.label)) {
			const content = safely(() => assertionContent(other.box));
			const binding = content === undefined ? undefined : readBmffBinding(content);
			const reason = binding ? unsupportedBmff(binding) : 'the assertion could not be read';
			const alg = binding?.alg ?? claimAlg;
			if (reason || !binding?.hash || !HASHES.has(alg)) {
				result.hardBinding = { kind: 'unsupported', url: other.url, label: other.label, reason: reason ?? 'it names a hash algorithm the C2PA does not allow' };
			} else {
				const version = Number(/\.v(\d+)/.exec(other.label)?.[1] ?? '1');
				result.hardBinding = { kind: 'bmff', url: other.url, label: other.label, alg, hash: binding.hash, exclusions: binding.exclusions, withOffsets: version > 1 };
				if (binding.merkle) {
					// The file-level hash is checked (a mismatch still makes the file Invalid), the
					// per-chunk Merkle trees are not: no Valid or Trusted rests on them.
					result.notChecked.push({ check: `Merkle trees of ${other.label}`, reason: 'the per-chunk Merkle trees of the BMFF hash are not verified locally yet', affectsState: true });
				}
			}
		} else if (other) {
			result.hardBinding = { kind: 'unsupported', url: other.url, label: other.label, reason: 'this kind of hard binding is not verified locally yet' };
		} else if (!referenced.some((entry) => DATA_HASH.test(entry) || OTHER_HARD_BINDINGS.test(entry))) {
			add('failure', CODES.hardBindingsMissing, manifestUrl(label), 'the claim has no hard binding to the file');
		}
	}
	return result;
}

function asArray(value: CborValue): CborValue[] {
	return Array.isArray(value) ? value : [];
}

function safely<T>(action: () => T): T | undefined {
	try {
		return action();
	} catch {
		return undefined;
	}
}

export type { StatusEntry };
