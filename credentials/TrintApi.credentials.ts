import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { offerHttpRequestEntry } from './httpRequestEntry';
import { TRINT_HTTP_REQUEST_ENTRY, trintRegionProperties, TRINT_API_BASE_URL_EXPRESSION, TRINT_NETWORK_ADVICE, TRINT_REGION_ADVICE } from './trintRegion';

export class TrintApi implements ICredentialType {
	name = 'trintApi';

	displayName = 'Trint API';

	icon = { light: 'file:../icons/trint.svg', dark: 'file:../icons/trint.dark.svg' } as const;

	documentationUrl = 'https://dev.trint.com/docs/trint-api-keys';

	constructor() {
		offerHttpRequestEntry(this, { ...TRINT_HTTP_REQUEST_ENTRY, name: 'Trint API' });
	}

	properties: INodeProperties[] = [
		{
			displayName:
				`Create a key in Trint under Account → API (app.trint.com/account/api, or app.eu.trint.com/account/api for EU accounts). The Key Secret is shown only once, when the key is created. Keys can expire or be revoked; then make a new one there. An ORGANIZATION key acts as the account owner: it sees the owner's Trints and Shared Drive memberships. ${TRINT_NETWORK_ADVICE}`,
			name: 'notice',
			type: 'notice',
			default: '',
		},
		// The Key ID is an identifier Trint shows in its UI; only the Key Secret is secret.
		{
			displayName: 'Key ID',
			name: 'keyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AK-12345ABCDE',
			description: 'The Key ID shown in Trint under Account → API',
		},
		{
			displayName: 'Key Secret',
			name: 'keySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret shown once when the key was created. Lost it? Create a new key.',
		},
		...trintRegionProperties,
	];

	// HTTP Basic: Key ID as user name, Key Secret as password. Stray spaces or line breaks from
	// copy-and-paste are trimmed.
	// A function rather than `={{ }}` expressions: n8n evaluates credential expressions in its
	// expression sandbox on every request, a large share of a long Get Many in the benchmark's
	// profile (bench/results/latest.md). Same Basic header, no evaluation.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			auth: { username: String(credentials.keyId ?? '').trim(), password: String(credentials.keySecret ?? '').trim() },
		};
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
						`Trint did not accept this Key ID and Key Secret. Check both were pasted whole (Trint shows a secret only once) and that the key has not expired or been revoked. ${TRINT_REGION_ADVICE} A legacy API key belongs in the "Trint Legacy API" credential.`,
				},
			},
		],
	};
}
