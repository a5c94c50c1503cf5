import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { offerHttpRequestEntry } from './httpRequestEntry';
import { TRUSTNXT_BASE_URL_EXPRESSION, TRUSTNXT_DEFAULT_BASE_URL } from './trustNxtBaseUrl';

export class TrustNxtApi implements ICredentialType {
	name = 'trustNxtApi';

	displayName = 'TrustNXT API';

	icon = { light: 'file:../icons/trustnxt.svg', dark: 'file:../icons/trustnxt.dark.svg' } as const;

	documentationUrl = 'https://developer.trustnxt.com/docs/api-keys';

	constructor() {
		// TrustNXT publishes no REST reference and its host is assumed: a placeholder, not a
		// prefilled URL, so nobody mistakes the assumed host for a documented one.
		offerHttpRequestEntry(this, {
			name: 'TrustNXT API',
			docsUrl: 'https://developer.trustnxt.com/docs/api-keys',
			apiBaseUrlPlaceholder: `${TRUSTNXT_DEFAULT_BASE_URL}/v1/usage (or the credential's Base URL)`,
		});
	}

	properties: INodeProperties[] = [
		{
			displayName:
				'Create an API key in the <a href="https://developer.trustnxt.com/docs/api-keys" target="_blank">TrustNXT developer portal</a>. The key and its secret are shown only once, at creation. Use separate keys per environment. Every Protect and Inspect call is billed. If Test answers only ENOTFOUND, EAI_AGAIN or ECONNREFUSED, this n8n could not reach the Base URL: check it and that this n8n can reach that host.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'tnxt_live_...',
			description: 'Sent as the X-API-Key header',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'tnxt_secret_...',
			description: 'Optional. Sent as the X-API-Secret header when set.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: TRUSTNXT_DEFAULT_BASE_URL,
			description:
				'Origin of the TrustNXT REST API. Change it for a private gateway or the local sandbox.',
		},
	];

	// A function rather than a header template so that an empty secret sends no header at all,
	// and pasted keys lose stray whitespace.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		headers['X-API-Key'] = String(credentials.apiKey ?? '').trim();
		const secret = String(credentials.apiSecret ?? '').trim();
		if (secret) headers['X-API-Secret'] = secret;
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: TRUSTNXT_BASE_URL_EXPRESSION,
			url: '/v1/usage',
			headers: { accept: 'application/json' },
		},
		// n8n shows only the HTTP status text ("Unauthorized") unless a rule names the status.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'TrustNXT did not accept this API key, or the API Secret does not belong to it (keys can be revoked). Create a key at https://developer.trustnxt.com/docs/api-keys, paste the key and its secret, or leave API Secret empty if the key has none.',
				},
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'TrustNXT knows this key but refused it. Check the key\'s permissions in the TrustNXT developer portal.' },
			},
		],
	};
}
