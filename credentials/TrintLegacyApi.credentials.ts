import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { offerHttpRequestEntry } from './httpRequestEntry';
import { TRINT_HTTP_REQUEST_ENTRY, trintRegionProperties, TRINT_API_BASE_URL_EXPRESSION, TRINT_NETWORK_ADVICE, TRINT_REGION_ADVICE } from './trintRegion';

export class TrintLegacyApi implements ICredentialType {
	name = 'trintLegacyApi';

	displayName = 'Trint Legacy API';

	icon = { light: 'file:../icons/trint.svg', dark: 'file:../icons/trint.dark.svg' } as const;

	documentationUrl = 'https://dev.trint.com/docs/trint-api-keys';

	constructor() {
		offerHttpRequestEntry(this, { ...TRINT_HTTP_REQUEST_ENTRY, name: 'Trint Legacy API' });
	}

	properties: INodeProperties[] = [
		{
			displayName:
				`Legacy keys are the single-value keys Trint issued before October 2024 (often 40 hex characters), sent in an "api-key" header. New keys have a Key ID and a Key Secret: use the "Trint API" credential for those. Keys are managed at app.trint.com/account/api (EU: app.eu.trint.com/account/api) and can expire or be revoked. ${TRINT_NETWORK_ADVICE}`,
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
			description: 'The legacy single-value API key',
		},
		...trintRegionProperties,
	];

	// A function rather than a `={{ }}` expression, so n8n does not evaluate an expression on
	// every request (see TrintApi.credentials.ts).
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		headers['api-key'] = String(credentials.apiKey ?? '').trim();
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: TRINT_API_BASE_URL_EXPRESSION,
			url: '/transcripts/',
			qs: { limit: 1, skip: 0 },
			headers: { accept: 'application/json' },
		},
		// n8n shows only the HTTP status text ("Unauthorized") unless a rule names the status.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						`Trint did not accept this legacy API key. Check it was pasted whole and that it has not expired or been revoked. ${TRINT_REGION_ADVICE} A Key ID (AK-...) with a Key Secret belongs in the "Trint API" credential.`,
				},
			},
		],
	};
}
