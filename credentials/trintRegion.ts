import type { INodeProperties } from 'n8n-workflow';

/**
 * Trint's hosts per region, the one table the credentials and the Trint nodes read. US is
 * documented; EU follows Trint's naming of EU hosts (`*.eu.trint.com`), which the pack assumes
 * for the upload, web app and translation hosts too.
 */
export const TRINT_HOSTS = {
	us: {
		api: 'https://api.trint.com',
		upload: 'https://upload.trint.com',
		app: 'https://app.trint.com',
		translation: 'https://translation.api.trint.com',
	},
	eu: {
		api: 'https://api.eu.trint.com',
		upload: 'https://upload.eu.trint.com',
		app: 'https://app.eu.trint.com',
		translation: 'https://translation.api.eu.trint.com',
	},
} as const;

/**
 * Region fields shared by both Trint credentials. Trint's US and EU tenants are separate: an
 * account exists on one only. "Custom" points both hosts elsewhere (a private gateway, a proxy,
 * or the local sandbox).
 */
export const trintRegionProperties: INodeProperties[] = [
	{
		displayName: 'Region',
		name: 'region',
		type: 'options',
		default: 'us',
		options: [
			{ name: 'US (app.trint.com)', value: 'us' },
			{ name: 'EU (app.eu.trint.com)', value: 'eu' },
			{ name: 'Custom URLs', value: 'custom' },
		],
		description:
			'The Trint tenant your account lives on. If you sign in at app.eu.trint.com, pick EU: a key from one tenant is rejected by the other.',
	},
	{
		displayName: 'API Base URL',
		name: 'apiBaseUrl',
		type: 'string',
		default: '',
		placeholder: TRINT_HOSTS.us.api,
		description: 'Origin that serves the Trint REST API',
		displayOptions: { show: { region: ['custom'] } },
	},
	{
		displayName: 'Upload Base URL',
		name: 'uploadBaseUrl',
		type: 'string',
		default: '',
		placeholder: TRINT_HOSTS.us.upload,
		description: 'Origin that receives media uploads',
		displayOptions: { show: { region: ['custom'] } },
	},
	{
		displayName: 'Web App URL',
		name: 'webAppUrl',
		type: 'string',
		default: '',
		placeholder: TRINT_HOSTS.us.app,
		description:
			'Optional. Where people open transcripts in their browser (app.trint.com, or app.eu.trint.com for EU accounts); editor links (editorUrl, links in the lists) are built from it. Empty: the nodes give no editor links (editorUrl is null), since they cannot tell which tenant the custom URLs lead to.',
		displayOptions: { show: { region: ['custom'] } },
	},
	{
		displayName: 'Translation Base URL',
		name: 'translationBaseUrl',
		type: 'string',
		default: '',
		placeholder: TRINT_HOSTS.us.translation,
		description:
			`Optional. Origin of Trint's translation API. Empty: ${TRINT_HOSTS.us.translation} (US) or ${TRINT_HOSTS.eu.translation} (EU, assumed from Trint's naming of EU hosts). Required for Translation operations with Region "Custom URLs".`,
	},
];

/** The credential test's base URL, computed from the region fields inside n8n. */
export const TRINT_API_BASE_URL_EXPRESSION = `={{ $credentials.region === "custom" ? String($credentials.apiBaseUrl).trim().replace(/\\/+$/, "") : ($credentials.region === "eu" ? "${TRINT_HOSTS.eu.api}" : "${TRINT_HOSTS.us.api}") }}`;

/**
 * The Region part of a credential Test's 401 message. n8n's Test shows one fixed message per
 * status whatever the Region, so it speaks to each Region in turn (as the nodes' own 401 does
 * for the one chosen).
 */
export const TRINT_REGION_ADVICE =
	'Check the Region: US for accounts that sign in at app.trint.com, EU for app.eu.trint.com (a key from one tenant is rejected by the other); with Region "Custom URLs", check that the URLs lead to the Trint tenant the key was created on and that nothing in between drops the authentication header. New keys: app.trint.com/account/api (EU: app.eu.trint.com/account/api).';

/**
 * n8n's Test reports a network failure by its bare code only; the notice above the Test button
 * says what each means.
 */
export const TRINT_NETWORK_ADVICE =
	'If Test answers only ENOTFOUND, EAI_AGAIN or ECONNREFUSED, this n8n could not reach Trint at all: check the Region (or, with "Custom URLs", the API Base URL) and that this n8n can reach that host.';

/**
 * The nodes panel's "<name> HTTP Request" entry (see httpRequestEntry.ts). Its URL field takes
 * a fixed text only, not the credential's Region, hence a placeholder naming both tenants.
 */
export const TRINT_HTTP_REQUEST_ENTRY = {
	docsUrl: 'https://dev.trint.com/reference',
	apiBaseUrlPlaceholder: `${TRINT_HOSTS.us.api}/transcripts/ (EU: ${TRINT_HOSTS.eu.api}/…)`,
} as const;
