import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/** The two Trint credential types, chosen by the `authentication` field (Trint node and triggers). */
export const trintCredentials: INodeCredentialDescription[] = [
	{ name: 'trintApi', required: true, displayOptions: { show: { authentication: ['keyAndSecret'] } } },
	{ name: 'trintLegacyApi', required: true, displayOptions: { show: { authentication: ['legacyKey'] } } },
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'Key ID & Secret', value: 'keyAndSecret' },
		{ name: 'Legacy API Key', value: 'legacyKey' },
	],
	default: 'keyAndSecret',
};
