import { X509Certificate } from 'crypto';

import { C2paReadError } from '../limits';

/**
 * Extended key usages c2pa-rs accepts on a signing certificate by default: e-mail protection,
 * document signing, time stamping, OCSP signing, Microsoft's document signing and the C2PA's own
 * claim-signing usage. A certificate with none of them is never trusted.
 */
const ALLOWED_EKUS = new Set([
	'1.3.6.1.5.5.7.3.4',
	'1.3.6.1.5.5.7.3.36',
	'1.3.6.1.5.5.7.3.8',
	'1.3.6.1.5.5.7.3.9',
	'1.3.6.1.4.1.311.76.59.1.9',
	'1.3.6.1.4.1.62558.2.1',
]);

/** A set of anchors looked up by the issuer name of the certificate they may have issued. */
export interface AnchorSet {
	readonly size: number;
	/** The anchors whose subject is this name (as Node's X509Certificate spells names). */
	withSubject(name: string): X509Certificate[];
}

export interface TrustAnchors {
	/** Anchors from a bundled list (the C2PA trust list, or the TSA list). */
	listed: AnchorSet;
	/** The user's own anchors (Additional Trust Anchors). */
	additional: AnchorSet;
}

/**
 * Anchors from a bundled list: only those whose subject matches are parsed, once per set. A set
 * lives for one node run at most, so nothing is kept between executions.
 */
export function bundledAnchors(list: { certificates: readonly string[]; subjects: readonly string[] }): AnchorSet {
	const parsed = new Map<number, X509Certificate | undefined>();
	return {
		size: list.certificates.length,
		withSubject(name) {
			const found: X509Certificate[] = [];
			list.subjects.forEach((subject, index) => {
				if (subject !== name) return;
				if (!parsed.has(index)) parsed.set(index, certificatesFromBase64([list.certificates[index]])[0]);
				const certificate = parsed.get(index);
				if (certificate) found.push(certificate);
			});
			return found;
		},
	};
}

export function anchorSet(certificates: X509Certificate[]): AnchorSet {
	return { size: certificates.length, withSubject: (name) => certificates.filter((certificate) => certificate.subject === name) };
}

/** Certificates from base64 DER strings; ones that do not parse are left out. */
export function certificatesFromBase64(list: readonly string[]): X509Certificate[] {
	const certificates: X509Certificate[] = [];
	for (const der of list) {
		try {
			certificates.push(new X509Certificate(Buffer.from(der, 'base64')));
		} catch {
			// A list entry that is not a certificate anchors nothing.
		}
	}
	return certificates;
}

/** The certificates in a PEM text. Throws with a message naming the block that is not a certificate. */
export function certificatesFromPem(pem: string): X509Certificate[] {
	const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
	const certificates = blocks.map((block) => certificatesFromBase64([block[1].replace(/\s+/g, '')])[0]);
	const bad = certificates.findIndex((certificate) => !certificate);
	if (bad >= 0) throw new C2paReadError(`certificate ${bad + 1} of the PEM text is not a valid X.509 certificate`);
	return certificates;
}

export function validAt(certificate: X509Certificate, time: Date): boolean {
	const from = Date.parse(certificate.validFrom);
	const to = Date.parse(certificate.validTo);
	const at = time.getTime();
	return at >= from && at <= to;
}

/** Whether `issuer` issued `certificate`: the names match and the issuer's key verifies its signature. */
export type IssuanceCheck = (certificate: X509Certificate, issuer: X509Certificate) => boolean;

export const issuedBy: IssuanceCheck = (certificate, issuer) => {
	try {
		return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
	} catch {
		return false;
	}
};

/**
 * issuedBy, remembering each answer for the pair of certificate objects it was given. Files from
 * one signer carry the same chain, so a run that hands out one object per distinct certificate
 * verifies each link of that chain once instead of once per file. The answer depends only on
 * the two certificates' bytes, so a remembered one is as good as a new check.
 */
export function rememberedIssuance(): IssuanceCheck {
	const answers = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();
	return (certificate, issuer) => {
		let byIssuer = answers.get(certificate);
		if (!byIssuer) {
			byIssuer = new WeakMap();
			answers.set(certificate, byIssuer);
		}
		let answer = byIssuer.get(issuer);
		if (answer === undefined) {
			answer = issuedBy(certificate, issuer);
			byIssuer.set(issuer, answer);
		}
		return answer;
	};
}

function extendedKeyUsages(certificate: X509Certificate): string[] {
	const usages = (certificate as unknown as { keyUsage?: string[] }).keyUsage;
	return Array.isArray(usages) ? usages : [];
}

export type TrustResult = { trusted: true; anchor: 'list' | 'additional'; anchorSubject: string } | { trusted: false; reason: string };

/**
 * Whether a certificate chain (signer first) reaches a trust anchor, as c2pa-rs decides: the
 * signer carries an accepted extended key usage, each certificate is signed by the next one, and
 * walking from the top of the chain down, the first certificate issued by an anchor makes the
 * chain trusted. With a signing time (from a valid time stamp) every certificate passed on the
 * way must have been valid then.
 */
export function checkTrust(
	chain: X509Certificate[],
	anchors: TrustAnchors,
	signingTime?: Date,
	ekus: Set<string> = ALLOWED_EKUS,
	issued: IssuanceCheck = issuedBy,
): TrustResult {
	if (anchors.listed.size === 0 && anchors.additional.size === 0) return { trusted: false, reason: 'no trust anchors' };
	const [signer] = chain;
	if (!signer) return { trusted: false, reason: 'no signing certificate' };
	if (!extendedKeyUsages(signer).some((usage) => ekus.has(usage))) {
		return { trusted: false, reason: 'the signing certificate has no extended key usage the C2PA accepts' };
	}
	for (let index = 1; index < chain.length; index++) {
		if (!issued(chain[index - 1], chain[index])) return { trusted: false, reason: 'the certificate chain is out of order or broken' };
	}
	for (let index = chain.length - 1; index >= 0; index--) {
		const certificate = chain[index];
		if (signingTime && !validAt(certificate, signingTime)) return { trusted: false, reason: 'a certificate of the chain was not valid at the signing time' };
		for (const anchor of anchors.listed.withSubject(certificate.issuer)) {
			if (issued(certificate, anchor)) return { trusted: true, anchor: 'list', anchorSubject: anchor.subject };
		}
		for (const anchor of anchors.additional.withSubject(certificate.issuer)) {
			if (issued(certificate, anchor)) return { trusted: true, anchor: 'additional', anchorSubject: anchor.subject };
		}
	}
	return { trusted: false, reason: 'the chain reaches no trust anchor' };
}

export const TIME_STAMPING_EKUS = new Set(['1.3.6.1.5.5.7.3.8']);
