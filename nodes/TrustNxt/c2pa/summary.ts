import type { CborValue } from './cbor';
import { decodeCbor, field, jsonToCbor, text } from './cbor';
import { readSignature } from './cose';
import type { JumbfBox } from './jumbf';
import { childByContentType, parseJumbf, payloadOf } from './jumbf';
import { C2paReadError } from './limits';

/** What the active manifest says about itself. Nothing here is verified. */
export interface ManifestSummary {
	manifestCount: number;
	activeManifest?: string;
	claimVersion: 1 | 2;
	claimGenerator?: string;
	title?: string;
	format?: string;
	assertions: string[];
	ingredientCount: number;
	signerIssuer?: string;
	signerCommonName?: string;
	signerCertificateAuthority?: string;
	signatureAlgorithm?: string;
	signedAt?: string;
	declaresAiGeneration: boolean;
	digitalSourceTypes: string[];
}

/** Manifest superboxes: `c2ma` (standard manifest) and `c2um` (update manifest). */
const MANIFEST_TYPES = new Set(['c2ma', 'c2um']);
const INGREDIENT = /^c2pa\.ingredient(\.v\d+)?(__\d+)?$/;
const ACTIONS = /^c2pa\.actions(\.v2)?(__\d+)?$/;
/** IPTC digital source types for media made by a trained model, wholly or in part (composite). */
const TRAINED = /(^|\/)(trainedAlgorithmicMedia|compositeWithTrainedAlgorithmicMedia)$/;

/** A claim's assertion reference (`self#jumbf=c2pa.assertions/<label>`) → the label. */
function labelFromReference(reference: CborValue): string | undefined {
	const url = text(field(reference, 'url'));
	if (!url) return undefined;
	const marker = 'c2pa.assertions/';
	const at = url.lastIndexOf(marker);
	return at >= 0 ? url.slice(at + marker.length) : url.slice(url.lastIndexOf('/') + 1);
}

/** `name/version` of one claim_generator_info entry. */
function generatorName(info: CborValue): string | undefined {
	const name = text(field(info, 'name'));
	if (!name) return undefined;
	const version = text(field(info, 'version'));
	return version ? `${name}/${version}` : name;
}

function contentOf(box: JumbfBox): CborValue {
	const cbor = payloadOf(box, 'cbor');
	if (cbor) return decodeCbor(cbor);
	const json = payloadOf(box, 'json');
	if (json) {
		try {
			return jsonToCbor(JSON.parse(json.toString('utf8')));
		} catch {
			return undefined;
		}
	}
	return undefined;
}


/** Reads a manifest store (JUMBF) into a summary of its active manifest. */
export function summarizeStore(storeBytes: Buffer): ManifestSummary {
	const top = parseJumbf(storeBytes);
	const store = top.find((box) => box.type === 'jumb' && box.contentType === 'c2pa');
	if (!store) throw new C2paReadError('The embedded JUMBF is not a C2PA manifest store');
	const manifests = store.children.filter((box) => box.type === 'jumb' && MANIFEST_TYPES.has(box.contentType ?? ''));
	if (manifests.length === 0) throw new C2paReadError('The manifest store holds no manifest');
	// The active manifest is the last one in the store.
	const active = manifests[manifests.length - 1];

	const claimBox = childByContentType(active, 'c2cl');
	if (!claimBox) throw new C2paReadError('The active manifest has no claim');
	const claim = contentOf(claimBox);
	if (!(claim instanceof Map)) throw new C2paReadError('The active manifest\'s claim is not a CBOR map');
	const claimVersion: 1 | 2 = claimBox.label === 'c2pa.claim.v2' ? 2 : 1;

	let claimGenerator = text(claim.get('claim_generator'));
	if (!claimGenerator) {
		const info = claim.get('claim_generator_info');
		const entries = Array.isArray(info) ? info : info instanceof Map ? [info] : [];
		const first = entries.length ? generatorName(entries[0]) : undefined;
		if (first) claimGenerator = first;
	}

	const references: CborValue[] = [];
	for (const key of ['assertions', 'created_assertions', 'gathered_assertions']) {
		const list = claim.get(key);
		if (Array.isArray(list)) references.push(...list);
	}
	const assertionStore = childByContentType(active, 'c2as');
	let assertions = references.map(labelFromReference).filter((label): label is string => !!label);
	if (assertions.length === 0 && assertionStore) {
		assertions = assertionStore.children.map((box) => box.label).filter((label): label is string => !!label);
	}

	const digitalSourceTypes: string[] = [];
	for (const box of assertionStore?.children ?? []) {
		if (box.type !== 'jumb' || !box.label || !ACTIONS.test(box.label)) continue;
		let content: CborValue;
		try {
			content = contentOf(box);
		} catch {
			continue; // an unreadable actions assertion says nothing about AI either way
		}
		const actions = field(content, 'actions');
		for (const action of Array.isArray(actions) ? actions : []) {
			const sourceType = text(field(action, 'digitalSourceType'));
			if (sourceType && !digitalSourceTypes.includes(sourceType)) digitalSourceTypes.push(sourceType);
		}
	}

	const summary: ManifestSummary = {
		manifestCount: manifests.length,
		activeManifest: active.label,
		claimVersion,
		claimGenerator,
		title: text(claim.get('dc:title')),
		format: text(claim.get('dc:format')),
		assertions,
		ingredientCount: assertions.filter((label) => INGREDIENT.test(label)).length,
		declaresAiGeneration: digitalSourceTypes.some((type) => TRAINED.test(type)),
		digitalSourceTypes,
	};

	const signatureBox = childByContentType(active, 'c2cs');
	const signature = signatureBox ? payloadOf(signatureBox, 'cbor') : undefined;
	if (signature) {
		const facts = readSignature(signature);
		summary.signerIssuer = facts.issuer;
		summary.signerCommonName = facts.commonName;
		summary.signerCertificateAuthority = facts.certificateAuthority;
		summary.signatureAlgorithm = facts.algorithm;
		summary.signedAt = facts.signedAt;
	}
	return summary;
}
