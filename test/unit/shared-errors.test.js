'use strict';
// Error shaping and retry timing: what a user reads when Trint or TrustNXT fails, and how long the
// pack waits before trying again.
const { extractErrorText, redactSecrets, buildApiError } = require('../../dist/nodes/shared/errors');
const { parseRetryAfter, rateLimitDelay, backoffDelay, RETRY_AFTER_CAP_MS } = require('../../dist/nodes/shared/retry');

const node = { id: '1', name: 'Trint', type: 'n8n-nodes-trint.trint', typeVersion: 1, position: [0, 0], parameters: {} };

describe('extractErrorText', () => {
	test('reads message, then error, then nested error.message from JSON bodies', () => {
		expect(extractErrorText({ message: 'limit must be <= 1000' })).toBe('limit must be <= 1000');
		expect(extractErrorText({ error: 'Too Many Requests' })).toBe('Too Many Requests');
		expect(extractErrorText({ error: { code: 'usage_limit_reached', message: 'Monthly limit used' } })).toBe('Monthly limit used');
		expect(extractErrorText('{"message":"from a JSON string"}')).toBe('from a JSON string');
	});
	test('reads plain text and the title or h1 of HTML pages', () => {
		expect(extractErrorText('Unauthorized')).toBe('Unauthorized');
		expect(extractErrorText('<html><body><h1>502 Bad Gateway</h1></body></html>')).toBe('502 Bad Gateway');
		expect(extractErrorText('<html><head><title>Service Unavailable</title></head><body>x</body></html>')).toBe('Service Unavailable');
		expect(extractErrorText(Buffer.from('Forbidden'))).toBe('Forbidden');
	});
	test('truncates long bodies to 200 characters', () => {
		const text = extractErrorText('x'.repeat(5000));
		expect(text.length).toBe(200);
	});
	test('gives nothing for empty bodies', () => {
		expect(extractErrorText('')).toBeUndefined();
		expect(extractErrorText(undefined)).toBeUndefined();
	});
});

describe('secrets never reach an error', () => {
	test('redactSecrets masks every occurrence', () => {
		expect(redactSecrets('key abcdef1234 and abcdef1234', ['abcdef1234'])).toBe('key *** and ***');
	});
	test('buildApiError redacts message and description and keeps the item index', () => {
		const error = buildApiError(node, {
			message: 'failed for s3cr3t-value',
			description: 'sent s3cr3t-value',
			itemIndex: 4,
			httpCode: 401,
			secrets: ['s3cr3t-value'],
		});
		expect(error.message).not.toContain('s3cr3t-value');
		expect(error.description).not.toContain('s3cr3t-value');
		expect(error.context.itemIndex).toBe(4);
		expect(error.httpCode).toBe('401');
		expect(JSON.stringify(error)).not.toContain('s3cr3t-value');
	});
});

describe('Retry-After', () => {
	test('seconds and HTTP dates', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('garbage')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
	test('is capped at 60 s and falls back to exponential back-off', () => {
		expect(rateLimitDelay('3600', 0)).toBe(RETRY_AFTER_CAP_MS);
		expect(rateLimitDelay(undefined, 0)).toBe(1000);
		expect(rateLimitDelay(undefined, 2)).toBe(4000);
		expect(backoffDelay(10)).toBe(RETRY_AFTER_CAP_MS);
	});
});

describe('n8n\'s generic headlines never replace the node\'s own', () => {
	const { NodeOperationError } = require('n8n-workflow');
	const { operationError, restoreHeadline, shortenText } = require('../../dist/nodes/shared/errors');

	test('buildApiError and operationError keep a headline that holds a system error code', () => {
		for (const word of ['ENOENT', 'econnrefused', 'EAI_AGAIN', 'getaddrinfo', 'bad gateway']) {
			const api = buildApiError(node, { message: `Trint: ${word}`, description: 'details', httpCode: 500 });
			expect(api.message).toBe(`Trint: ${word}`);
			expect(api.description).toBe('details');
			expect(operationError(node, `"Transcript" is "${word}"`, { itemIndex: 0 }).message).toBe(`"Transcript" is "${word}"`);
		}
	});

	test('an error built elsewhere gets its own headline back; an unchanged one is left alone', () => {
		const swapped = new NodeOperationError(node, 'Could not open ENOENT.mp3');
		expect(swapped.message).toBe('The file or directory does not exist');
		restoreHeadline(swapped);
		expect(swapped.message).toBe('Could not open ENOENT.mp3');
		const plain = new NodeOperationError(node, 'Nothing special', { description: 'x' });
		restoreHeadline(plain);
		expect(plain.message).toBe('Nothing special');
	});

	test('shortenText cuts after a whole word and adds an ellipsis; short text stays as it is', () => {
		expect(shortenText('one two three four', 12)).toBe('one two…');
		expect(shortenText('short', 12)).toBe('short');
		expect(shortenText('x'.repeat(30), 12)).toBe(`${'x'.repeat(11)}…`);
	});
});
