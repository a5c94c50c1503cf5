'use strict';
// The credentials the sandbox (`npm start`) and e2e tests use against the mock APIs: the same
// values the mocks accept (their *_FIXTURES), every base URL pointed at the mock's origin.

const { TRINT_FIXTURES } = require('../../mocks/trint-mock');
const { TRUSTNXT_FIXTURES } = require('../../mocks/trustnxt-mock');

/** Fixed ids, so workflows (examples/, tests) can reference the credentials by id. */
const SANDBOX_CREDENTIAL_IDS = Object.freeze({
	trintApi: 'sandboxTrintKey01',
	trintLegacyApi: 'sandboxTrintLegacy',
	trustNxtApi: 'sandboxTrustNxt001',
});

/**
 * `[{ id, name, type, data }]` for importCredentials(): a Trint Key ID & Secret credential, a Trint
 * legacy-key credential and a TrustNXT credential, pointed at the given mock origins
 * (e.g. 'http://127.0.0.1:5680'). Either origin may be omitted to leave that service out.
 */
function sandboxCredentials({ trintOrigin, trustnxtOrigin } = {}) {
	const credentials = [];
	if (trintOrigin) {
		// With Region "Custom URLs" nothing falls back to Trint's own hosts: the translation API
		// needs its own origin, which the mock serves under /translation.
		const urls = { region: 'custom', apiBaseUrl: trintOrigin, uploadBaseUrl: trintOrigin, translationBaseUrl: `${trintOrigin}/translation` };
		credentials.push(
			{
				id: SANDBOX_CREDENTIAL_IDS.trintApi,
				name: 'Trint sandbox (Key ID & Secret)',
				type: 'trintApi',
				data: { ...urls, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret },
			},
			{
				id: SANDBOX_CREDENTIAL_IDS.trintLegacyApi,
				name: 'Trint sandbox (legacy API key)',
				type: 'trintLegacyApi',
				data: { ...urls, apiKey: TRINT_FIXTURES.legacyKey },
			},
		);
	}
	if (trustnxtOrigin) {
		credentials.push({
			id: SANDBOX_CREDENTIAL_IDS.trustNxtApi,
			name: 'TrustNXT sandbox',
			type: 'trustNxtApi',
			data: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: trustnxtOrigin },
		});
	}
	return credentials;
}

module.exports = { sandboxCredentials, SANDBOX_CREDENTIAL_IDS };
