import type { ICredentialType } from 'n8n-workflow';

export type HttpRequestEntry = NonNullable<ICredentialType['httpRequestNode']>;

/**
 * Offers the credential as "<name> HTTP Request" in n8n's nodes panel: n8n's HTTP Request node
 * with this credential's own authentication, for any endpoint the nodes do not cover (or get
 * wrong while an assumed API detail waits for a release).
 *
 * n8n's package loader sets `httpRequestNode.hidden` on every credential that a node of the
 * same package uses, and the editor leaves hidden entries out of the panel. These credentials
 * are exactly the ones the entry is for, so the declaration is a getter that hands out a fresh
 * object each time: the loader's mark lands on a copy, and what n8n serves to the editor (read
 * through the getter) keeps the entry visible. Should n8n stop reading it this way, the entry is
 * merely hidden again; the HTTP Request node's "Predefined Credential Type" still offers the
 * credential either way.
 */
export function offerHttpRequestEntry(credential: ICredentialType, entry: HttpRequestEntry): void {
	Object.defineProperty(credential, 'httpRequestNode', {
		enumerable: true,
		configurable: true,
		get: (): HttpRequestEntry => ({ ...entry }),
	});
}
