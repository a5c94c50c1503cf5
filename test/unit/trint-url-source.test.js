'use strict';
// Upload from a URL: the rules that pick the file name and Content-Type Trint gets.
const { chooseFileName, chooseContentType, dispositionFileName, displayUrl } = require('../../dist/nodes/Trint/transport/urlSource');

describe('file name', () => {
	const url = new URL('https://media.example.com/shows/Evening%20News.mp4?X-Amz-Signature=abc');
	test('the user\'s value wins', () => {
		expect(chooseFileName(' Mine.mp3 ', 'attachment; filename="theirs.mp3"', url)).toBe('Mine.mp3');
	});
	test('then Content-Disposition (RFC 5987 first, paths stripped)', () => {
		expect(chooseFileName('', 'attachment; filename="a.mp3"; filename*=UTF-8\'\'Caf%C3%A9.mp3', url)).toBe('Café.mp3');
		expect(chooseFileName('', 'attachment; filename="../../etc/take.mp3"', url)).toBe('take.mp3');
		expect(chooseFileName('', 'attachment; filename=plain.wav', url)).toBe('plain.wav');
	});
	test('then the last decoded path segment, then a dated name', () => {
		expect(chooseFileName('', undefined, url)).toBe('Evening News.mp4');
		expect(chooseFileName('', 'inline', new URL('https://media.example.com/'), new Date('2025-01-02T03:04:05Z'))).toBe('upload-2025-01-02T03:04:05.000Z');
		expect(chooseFileName('', undefined, new URL('https://media.example.com/%E0%A4%A'))).toBe('%E0%A4%A');
	});
	test('dispositionFileName reads nothing from an empty header', () => {
		expect(dispositionFileName(undefined)).toBeUndefined();
		expect(dispositionFileName('attachment')).toBeUndefined();
	});
});

describe('Content-Type', () => {
	const url = new URL('https://media.example.com/a/interview.MP3');
	test('the source\'s own type is kept, parameters included', () => {
		expect(chooseContentType('audio/ogg; codecs=opus', url, 'x.mp3')).toBe('audio/ogg; codecs=opus');
	});
	test('missing or generic: from the file name, then the URL path; else octet-stream', () => {
		expect(chooseContentType(undefined, url, 'talk.wav')).toBe('audio/wav');
		expect(chooseContentType('binary/octet-stream', url, 'no-extension')).toBe('audio/mpeg');
		expect(chooseContentType('application/octet-stream', new URL('https://x.example/file'), 'file')).toBe('application/octet-stream');
	});
});

test('URLs in messages carry no query (pre-signed tokens) or user info', () => {
	expect(displayUrl(new URL('https://user:pw@media.example.com/a.mp3?sig=secret#x'))).toBe('https://media.example.com/a.mp3');
});
