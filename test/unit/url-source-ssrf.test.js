'use strict';
// Upload from a URL under n8n's SSRF protection: the wording of the error, from n8n's own errors
// as they reach the node (headline and description; n8n's helper throws before connecting). The
// real-n8n proof that nothing reaches the source is test/e2e/http-request-node.test.js.
const { ssrfBlockedError } = require('../../dist/nodes/Trint/transport/urlSource');

const ctx = { getNode: () => ({ name: 'Trint', type: 'n8n-nodes-trint.trint', typeVersion: 1, parameters: {} }) };
// n8n 2.40's texts (@n8n/backend-network, SsrfBlockedIpError and SsrfBlockedHostnameError).
const byIp = {
	message: 'The request was blocked because it resolves to a restricted IP address',
	description: "The target '127.0.0.2' (127.0.0.2) is not allowed. This is a security measure to prevent Server-Side Request Forgery (SSRF).",
};
const byName = {
	message: 'The request was blocked because the destination hostname is restricted',
	description: "The hostname 'media.internal' is on the configured deny-list.",
};

test('a blocked source: says so, names the host to allow, keeps n8n\'s explanation, no query string', () => {
	const url = new URL('http://127.0.0.2:8080/private/a.mp3?token=secret');
	const error = ssrfBlockedError(ctx, byIp, { url, redirects: 0, itemIndex: 2 });
	expect(error.message).toBe('"Source URL": http://127.0.0.2:8080/private/a.mp3 is blocked by this n8n\'s SSRF protection settings');
	expect(error.description).toContain(`n8n says: ${byIp.message}. ${byIp.description}`);
	expect(error.description).toContain('ask this n8n\'s administrator to allow the host (N8N_SSRF_ALLOWED_HOSTNAMES');
	expect(error.description).toContain('127.0.0.2 is a media source you trust');
	expect(`${error.message} ${error.description}`).not.toContain('token=secret');
	expect(error.context.itemIndex).toBe(2);
});

test('after a redirect: names the hop, from where to where', () => {
	const error = ssrfBlockedError(ctx, byName, { url: new URL('https://media.internal/a.mp3'), from: new URL('https://cdn.example.com/share/a.mp3?sig=x'), redirects: 2, itemIndex: 0 });
	expect(error.message).toBe('"Source URL": the redirect from https://cdn.example.com/share/a.mp3 to https://media.internal/a.mp3 (redirect 2 of at most 5) is blocked by this n8n\'s SSRF protection settings');
	expect(error.description).toContain('deny-list');
});

test('any other failure is left to the network wording', () => {
	const url = new URL('https://media.example.com/a.mp3');
	expect(ssrfBlockedError(ctx, new Error('connect ECONNREFUSED 127.0.0.1:1'), { url, redirects: 0, itemIndex: 0 })).toBeUndefined();
	expect(ssrfBlockedError(ctx, undefined, { url, redirects: 0, itemIndex: 0 })).toBeUndefined();
});
