'use strict';

// Local mock of the Trint REST API and upload endpoint, implementing
// the wire contract shared/contracts/trint-api.md (including every [modeled] rule) on one 127.0.0.1 origin:
// `POST /` is the upload, every other path the API, `/__downloads/{token}` plays the pre-signed
// S3 links and `/__mock/*` are test controls.

const http = require('http');
const crypto = require('crypto');
const { pipeline } = require('stream');
const kit = require('./mock-kit');

const TRINT_FIXTURES = Object.freeze({
	keyId: 'AK-12345ABCDE',
	keySecret: 'this15SECRET_CXJK3ctglt6LOpYxRmZ',
	legacyKey: '0123456789abcdef0123456789abcdef01234567',
	expiredKeyId: 'AK-EXPIRED0001',
	revokedLegacyKey: 'ffffffffffffffffffffffffffffffffffffffff',
	user: 'user@example.com',
});

// §6.1: the 54 transcription languages.
const LANGUAGES = new Set(
	(
		'en-GB en es de ar bg bn ca cmn hr cs da nl fa fi fr el he hi hu it ja ko lv lt ms no pl pt ro ' +
		'ru sk sl sv sw tr id uk yue cy ba eu be et ga gl mn mr mt ta th ug ur vi'
	).split(' '),
);

const EVENT_TYPES = ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED', 'TRANSCRIPT_NEW_VERSION'];

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TEXT_TYPE = 'text/plain; charset=utf-8';
const BINARY_TYPE = 'application/octet-stream';

// §7 and §7.2: export formats, their file extensions and download Content-Types.
const EXPORT_FORMATS = {
	json: { ext: 'json', contentType: 'application/json', story: false },
	text: { ext: 'txt', contentType: TEXT_TYPE, story: false },
	html: { ext: 'html', contentType: 'text/html', story: false },
	docx: { ext: 'docx', contentType: DOCX_TYPE, story: false },
	srt: { ext: 'srt', contentType: 'application/x-subrip', story: false },
	webvtt: { ext: 'vtt', contentType: 'text/vtt', story: false },
	xml: { ext: 'xml', contentType: 'application/xml', story: false },
	edl: { ext: 'edl', contentType: BINARY_TYPE, story: false },
	'avid-ds': { ext: 'txt', contentType: TEXT_TYPE, story: false },
	'spruce-stl': { ext: 'stl', contentType: BINARY_TYPE, story: false },
	'vantage-xml': { ext: 'xml', contentType: 'application/xml', story: false },
	'premiere-xml': { ext: 'xml', contentType: 'application/xml', story: false },
	'csv/full': { ext: 'csv', contentType: 'text/csv', story: false },
	'csv/comments': { ext: 'csv', contentType: 'text/csv', story: false },
	'csv/highlights': { ext: 'csv', contentType: 'text/csv', story: false },
	'csv/markers': { ext: 'csv', contentType: 'text/csv', story: false },
	'story-builder/docx': { ext: 'docx', contentType: DOCX_TYPE, story: true },
	'story-builder/edl': { ext: 'edl', contentType: BINARY_TYPE, story: true },
	'story-builder/project_xml': { ext: 'xml', contentType: 'application/xml', story: true },
};

// §7.3: the caption options; only srt and webvtt act on them (the rest ignore them).
const CAPTION_OPTIONS = [
	'captions-by-paragraph',
	'max-subtitle-character-length',
	'highlights-only',
	'enable-speakers',
	'speaker-on-new-line',
	'speaker-uppercase',
	'skip-strikethroughs',
];
const CAPTION_FORMATS = new Set(['srt', 'webvtt']);

const VOCABULARY = (
	'the newsroom confirmed that our reporters spoke with witnesses near harbour after storm passed ' +
	'early morning and council promised a full review of flood defences before winter while residents ' +
	'described water rising quickly through streets we will follow up with engineers next week about ' +
	'funding repairs schools reopened on monday interview recorded outside town hall mayor said budget ' +
	'remains tight but safety comes first volunteers cleared debris from roads emergency services ' +
	'thanked everyone who helped'
).split(' ');

// ---------------------------------------------------------------------------------------------
// Transcript content: generated deterministically from the Trint id.

function buildDocument(record) {
	const rng = kit.seededRandom(`doc:${record.id}`);
	const speakerCount = 1 + rng.int(3);
	const speakers = {};
	const speakerKeys = [];
	for (let s = 0; s < speakerCount; s++) {
		const key = `spk-${kit.sha256Hex(`${record.id}:${s}`).slice(0, 8)}`;
		speakers[key] = { name: `Speaker ${s + 1}` };
		speakerKeys.push(key);
	}
	const paragraphCount = 2 + rng.int(4);
	const words = [];
	const paragraphs = {};
	const paragraphList = [];
	let time = 1000 + rng.int(3000);
	for (let p = 0; p < paragraphCount; p++) {
		const paragraphId = `p${p}-0`;
		// One paragraph in a multi-speaker file has no speaker, as real files do.
		const speaker = speakerCount > 1 && p === paragraphCount - 1 && rng.int(2) === 0 ? null : speakerKeys[p % speakerCount];
		const count = 8 + rng.int(17);
		const paragraphWords = [];
		for (let w = 0; w < count; w++) {
			let value = rng.pick(VOCABULARY);
			if (w === 0) value = value[0].toUpperCase() + value.slice(1);
			if (w === count - 1) value += '.';
			else if (rng.int(9) === 0) value += ',';
			const duration = 150 + rng.int(450);
			const word = { value, time, duration, paragraphId, speaker, strikethrough: rng.int(23) === 0 };
			words.push(word);
			paragraphWords.push(word);
			time += duration + 40 + rng.int(220);
		}
		const verified = p % 3 === 2;
		paragraphs[paragraphId] = { verify: { author: verified ? TRINT_FIXTURES.user : null, status: verified ? 'VERIFIED' : 'DEFAULT' } };
		paragraphList.push({ id: paragraphId, speaker, words: paragraphWords });
		time += 500 + rng.int(1200);
	}
	return { title: record.title, words, speakers, paragraphs, realtime: null, paragraphList };
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

function clock(ms, separator) {
	const h = Math.floor(ms / 3600000);
	const m = Math.floor(ms / 60000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

// SMPTE-style timecode at 25 fps, optionally offset to a 01:00:00:00 record start.
function timecode(ms, offsetHours = 0) {
	const total = ms + offsetHours * 3600000;
	const h = Math.floor(total / 3600000);
	const m = Math.floor(total / 60000) % 60;
	const s = Math.floor(total / 1000) % 60;
	const frames = Math.floor((total % 1000) / 40);
	return `${pad(h)}:${pad(m)}:${pad(s)}:${pad(frames)}`;
}

const speakerName = (doc, key) => (key && doc.speakers[key] ? doc.speakers[key].name : null);
const paragraphText = (paragraph) => paragraph.words.map((w) => w.value).join(' ');
const endOf = (words) => words[words.length - 1].time + words[words.length - 1].duration;
const csvField = (value) => `"${String(value).replace(/"/g, '""')}"`;
const csvRow = (values) => values.map(csvField).join(',') + '\r\n';
const isTrue = (value) => value === 'true';

function groupWords(words, maxLength) {
	const groups = [];
	let current = [];
	let length = 0;
	for (const word of words) {
		const added = current.length ? length + 1 + word.value.length : word.value.length;
		if (current.length && added > maxLength) {
			groups.push(current);
			current = [word];
			length = word.value.length;
		} else {
			current.push(word);
			length = added;
		}
	}
	if (current.length) groups.push(current);
	return groups;
}

function captionCues(doc, options) {
	const parsedLength = parseInt(options['max-subtitle-character-length'], 10);
	const maxLength = Number.isFinite(parsedLength) ? Math.min(200, Math.max(10, parsedLength)) : 42;
	const byParagraph = isTrue(options['captions-by-paragraph']);
	const withSpeakers = isTrue(options['enable-speakers']);
	const speakerOwnLine = isTrue(options['speaker-on-new-line']);
	const upper = isTrue(options['speaker-uppercase']);
	const skipStruck = isTrue(options['skip-strikethroughs']);
	const cues = [];
	for (const paragraph of doc.paragraphList) {
		const words = paragraph.words.filter((word) => !(skipStruck && word.strikethrough));
		if (!words.length) continue;
		let speaker = withSpeakers ? speakerName(doc, paragraph.speaker) : null;
		if (speaker && upper) speaker = speaker.toUpperCase();
		const groups = byParagraph ? [words] : groupWords(words, maxLength);
		groups.forEach((group, index) => {
			let lines = byParagraph
				? groupWords(group, maxLength).map((line) => line.map((w) => w.value).join(' '))
				: [group.map((w) => w.value).join(' ')];
			if (speaker && index === 0) {
				if (speakerOwnLine) lines = [speaker, ...lines];
				else lines[0] = `${speaker}: ${lines[0]}`;
			}
			cues.push({ start: group[0].time, end: endOf(group), lines });
		});
	}
	return cues;
}

function docxPackage(title, paragraphs) {
	const body = paragraphs
		.map((text) => `<w:p><w:r><w:t xml:space="preserve">${kit.escapeXml(text)}</w:t></w:r></w:p>`)
		.join('');
	return kit.buildZip([
		{
			name: '[Content_Types].xml',
			data:
				'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
				'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
				'<Default Extension="xml" ContentType="application/xml"/>' +
				'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
				'</Types>',
		},
		{
			name: '_rels/.rels',
			data:
				'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
				'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
				'</Relationships>',
		},
		{
			name: 'word/document.xml',
			data:
				'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
				'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
				`<w:p><w:r><w:t>${kit.escapeXml(title)}</w:t></w:r></w:p>${body}</w:body></w:document>`,
		},
	]);
}

function edlList(doc, title) {
	let out = `TITLE: ${title}\r\nFCM: NON-DROP FRAME\r\n\r\n`;
	let record = 0;
	doc.paragraphList.forEach((paragraph, index) => {
		const start = paragraph.words[0].time;
		const end = endOf(paragraph.words);
		out +=
			`${pad(index + 1, 3)}  AX       AA/V  C        ${timecode(start)} ${timecode(end)} ` +
			`${timecode(record, 1)} ${timecode(record + end - start, 1)}\r\n` +
			`* FROM CLIP NAME: ${title}\r\n* COMMENT: ${paragraph.words.slice(0, 6).map((w) => w.value).join(' ')}\r\n\r\n`;
		record += end - start;
	});
	return out;
}

function premiereXml(doc, title) {
	const markers = doc.paragraphList
		.map(
			(paragraph, index) =>
				`<marker><name>${kit.escapeXml(`Marker ${index + 1}`)}</name>` +
				`<comment>${kit.escapeXml(paragraphText(paragraph))}</comment>` +
				`<in>${Math.round(paragraph.words[0].time / 40)}</in><out>-1</out></marker>`,
		)
		.join('\n    ');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n<xmeml version="4">\n  <sequence>\n' +
		`    <name>${kit.escapeXml(title)}</name>\n    <rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>\n` +
		`    ${markers}\n  </sequence>\n</xmeml>\n`
	);
}

// The bytes a download link serves for (record, format, caption options).
function renderExport(record, format, options = {}) {
	const doc = buildDocument(record);
	const title = record.title;
	const withSpeaker = (paragraph) => {
		const name = speakerName(doc, paragraph.speaker);
		return name ? `${name}: ${paragraphText(paragraph)}` : paragraphText(paragraph);
	};
	switch (format) {
		case 'text':
			return (
				`${title}\n\n` +
				doc.paragraphList
					.map((p) => `[${clock(p.words[0].time, '.').slice(0, 8)}] ${speakerName(doc, p.speaker) || 'Unknown speaker'}\n${paragraphText(p)}\n`)
					.join('\n')
			);
		case 'html':
			return (
				`<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${kit.escapeXml(title)}</title></head><body>\n` +
				`<h1>${kit.escapeXml(title)}</h1>\n` +
				doc.paragraphList
					.map((p) => {
						const name = speakerName(doc, p.speaker);
						return `<p data-start="${p.words[0].time}">${name ? `<strong>${kit.escapeXml(name)}</strong> ` : ''}${kit.escapeXml(paragraphText(p))}</p>\n`;
					})
					.join('') +
				'</body></html>\n'
			);
		case 'docx':
		case 'story-builder/docx':
			return docxPackage(title, doc.paragraphList.map(withSpeaker));
		case 'srt':
			return captionCues(doc, options)
				.map((cue, i) => `${i + 1}\n${clock(cue.start, ',')} --> ${clock(cue.end, ',')}\n${cue.lines.join('\n')}\n`)
				.join('\n');
		case 'webvtt':
			return (
				'WEBVTT\n\n' +
				captionCues(doc, options)
					.map((cue) => `${clock(cue.start, '.')} --> ${clock(cue.end, '.')}\n${cue.lines.join('\n')}\n`)
					.join('\n')
			);
		case 'xml':
			return (
				`<?xml version="1.0" encoding="UTF-8"?>\n<transcript title="${kit.escapeXml(title)}">\n` +
				doc.paragraphList
					.map((p) => {
						const name = speakerName(doc, p.speaker);
						const wordsXml = p.words
							.map((w) => `    <word time="${w.time}" duration="${w.duration}"${w.strikethrough ? ' strikethrough="true"' : ''}>${kit.escapeXml(w.value)}</word>`)
							.join('\n');
						return `  <paragraph id="${p.id}"${name ? ` speaker="${kit.escapeXml(name)}"` : ''}>\n${wordsXml}\n  </paragraph>\n`;
					})
					.join('') +
				'</transcript>\n'
			);
		case 'edl':
		case 'story-builder/edl':
			return edlList(doc, title);
		case 'avid-ds':
			return (
				'@ This file was written by the Trint mock\r\n\r\n<begin subtitles>\r\n\r\n' +
				captionCues(doc, {})
					.map((cue) => `${timecode(cue.start)} ${timecode(cue.end)}\r\n${cue.lines.join('\r\n')}\r\n`)
					.join('\r\n') +
				'\r\n<end subtitles>\r\n'
			);
		case 'spruce-stl':
			return (
				'$FontName = Arial\r\n$FontSize = 42\r\n$HorzAlign = Center\r\n$VertAlign = Bottom\r\n\r\n' +
				captionCues(doc, {})
					.map((cue) => `${timecode(cue.start)} , ${timecode(cue.end)} , ${cue.lines.join('|')}\r\n`)
					.join('')
			);
		case 'vantage-xml':
			return (
				`<?xml version="1.0" encoding="UTF-8"?>\n<captions title="${kit.escapeXml(title)}" framerate="25">\n` +
				captionCues(doc, {})
					.map((cue) => `  <caption start="${timecode(cue.start)}" end="${timecode(cue.end)}">${kit.escapeXml(cue.lines.join(' '))}</caption>\n`)
					.join('') +
				'</captions>\n'
			);
		case 'premiere-xml':
		case 'story-builder/project_xml':
			return premiereXml(doc, title);
		case 'csv/full':
			return (
				csvRow(['Start', 'End', 'Speaker', 'Text']) +
				doc.paragraphList
					.map((p) => csvRow([clock(p.words[0].time, '.'), clock(endOf(p.words), '.'), speakerName(doc, p.speaker) || '', paragraphText(p)]))
					.join('')
			);
		case 'csv/comments':
			return (
				csvRow(['Time', 'Author', 'Comment']) +
				doc.paragraphList
					.filter((_, i) => i % 2 === 1)
					.map((p) => csvRow([clock(p.words[0].time, '.'), TRINT_FIXTURES.user, `Check the quote starting "${p.words[0].value}"`]))
					.join('')
			);
		case 'csv/highlights':
			return (
				csvRow(['Start', 'End', 'Text']) +
				doc.paragraphList
					.filter((_, i) => i % 2 === 0)
					.map((p) => {
						const words = p.words.slice(0, 5);
						return csvRow([clock(words[0].time, '.'), clock(endOf(words), '.'), words.map((w) => w.value).join(' ')]);
					})
					.join('')
			);
		case 'csv/markers':
			return (
				csvRow(['Time', 'Name']) + doc.paragraphList.map((p, i) => csvRow([clock(p.words[0].time, '.'), `Marker ${i + 1}`])).join('')
			);
		default:
			throw new Error(`no renderer for export format "${format}"`);
	}
}

function captionOptionsFrom(format, query) {
	if (!CAPTION_FORMATS.has(format)) return {};
	const options = {};
	for (const name of CAPTION_OPTIONS) if (query[name] !== undefined) options[name] = query[name];
	return options;
}

// ---------------------------------------------------------------------------------------------
// Error replies (§10)

const unauthorized = (res) => kit.replyText(res, 401, 'Unauthorized');
const forbidden = (res) => kit.replyText(res, 403, 'Forbidden');
const notFound = (res) => kit.replyText(res, 404, 'Not Found');
const badRequest = (res, message) => kit.replyJson(res, 400, { message });

function trintFaultReply(status, bodyStyle) {
	const reason = http.STATUS_CODES[status] || 'Error';
	const style = bodyStyle || (status === 400 || status === 429 ? 'json' : status >= 500 ? 'html' : 'text');
	if (style === 'json') {
		return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(status === 429 ? { error: reason } : { message: reason }) };
	}
	if (style === 'html') return { contentType: 'text/html', body: `<html><body><h1>${status} ${reason}</h1></body></html>` };
	return { contentType: 'text/plain; charset=utf-8', body: reason };
}

// Strict non-negative integer query parsing; null means "invalid".
function integerParam(value, fallback) {
	if (value === undefined) return fallback;
	return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function decodeSegment(segment) {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}

// ---------------------------------------------------------------------------------------------

class TrintMock {
	constructor(options = {}) {
		const envProcessing = process.env.MOCK_PROCESSING_MS;
		this.processingMs =
			options.processingMs ?? (envProcessing !== undefined && envProcessing !== '' ? Number(envProcessing) : 2000);
		this.translationMs = options.translationMs ?? envNumber('MOCK_TRANSLATION_MS', 3000);
		this.realtimeStepMs = options.realtimeStepMs ?? envNumber('MOCK_REALTIME_STEP_MS', 1000);
		this.realtimeTtlMs = options.realtimeTtlMs ?? envNumber('MOCK_REALTIME_TTL_MS', 6 * 3600 * 1000);
		const envTtl = process.env.MOCK_DOWNLOAD_TTL_MS;
		this.downloadLinkTtlMs = options.downloadLinkTtlMs ?? (envTtl ? Number(envTtl) : 300000);
		this._basicKeys = new Map();
		this._legacyKeys = new Map();
		this.addKey({ keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret });
		this.addKey({ keyId: TRINT_FIXTURES.expiredKeyId, expired: true });
		this.addKey({ legacyKey: TRINT_FIXTURES.legacyKey });
		this.addKey({ legacyKey: TRINT_FIXTURES.revokedLegacyKey, revoked: true });
		this._timers = new Map();
		this._initState();
	}

	_initState() {
		this._records = []; // every transcript record, kept sorted newest first on demand
		this._byId = new Map();
		this._sorted = true;
		this._listCache = new Map();
		this._seq = 0;
		this._drives = new Map();
		this._folders = new Map();
		this._registrations = new Map(); // identity -> { user, urls: Map(callbackUrl -> subscriptions) }
		this._downloads = new Map(); // token -> { trintId, format, options, createdAt }
		this._exportSizes = new Map(); // `${id}|${format}` -> bytes
		this.uploads = [];
		this.deliveries = [];
		// §13: source Trint id -> Map(languageCode -> translation record)
		this._translations = new Map();
		this._translatedFrom = new Map(); // translated id -> source id
		this._failLanguages = new Set(); // translations into these languages end FAILED
		this.translationOmitStatus = false; // items without `status` (the node's export fallback)
		// §14: push-stream keys and realtime sessions
		this._streamKeys = new Map(); // key -> { createdMs, used }
		this._realtime = new Map(); // trintId -> session
		this._midScanInsert = null; // see insertDuringList
		this.midScanInserts = [];
	}

	async _start(port) {
		this._server = await kit.startMockServer({
			name: 'trint-mock',
			port,
			handle: (ctx) => this._handle(ctx),
			control: (ctx, body) => this._control(ctx, body),
			faultReply: trintFaultReply,
			reset: () => this.reset(),
			routedPrefixes: ['/__mock/media/', '/__mock/redirect/'],
		});
		this.origin = this._server.origin;
		this.port = this._server.port;
		return this;
	}

	get requests() {
		return this._server.requests;
	}

	clearRequests() {
		this._server.clearRequests();
	}

	injectFault(spec) {
		return this._server.faults.add(spec);
	}

	clearFaults() {
		this._server.faults.clear();
		this.listQuirk = null;
		this._midScanInsert = null;
	}

	/** { inFlight, max }: API requests under way now, and the most at once since the log was cleared. */
	get concurrency() {
		return this._server.concurrency;
	}

	/**
	 * A transcript created while a client reads the list: once GET /transcripts/ has answered
	 * `afterListAnswers` more requests (counted from now), a new transcript (`fields` as for
	 * addTranscript) is added, the newest, so at the front of the list and every later page
	 * shifts by one. The answer that triggers it does not contain it. What happened is recorded
	 * in `midScanInserts`: the new item, and the `skip` of each list request answered before it.
	 * Cleared by clearFaults() and reset().
	 */
	insertDuringList({ afterListAnswers = 1, ...fields } = {}) {
		if (!Number.isInteger(afterListAnswers) || afterListAnswers < 0) throw new Error('afterListAnswers must be an integer of 0 or more');
		this._midScanInsert = { remaining: afterListAnswers, fields, answeredBefore: [] };
		if (afterListAnswers === 0) this._applyMidScanInsert();
		return { pending: this._midScanInsert !== null, afterListAnswers };
	}

	_applyMidScanInsert() {
		const pending = this._midScanInsert;
		this._midScanInsert = null;
		const item = this.addTranscript({ title: 'Created mid-scan.mp3', ...pending.fields });
		this.midScanInserts.push({ item, answeredBefore: pending.answeredBefore });
		return item;
	}

	/**
	 * Per file name: how many upload requests arrived (`received`, from the request log, so
	 * cleared with it), with which answers (`statuses`), and how many Trint records the uploads
	 * created (`stored`, with their body hashes).
	 */
	uploadCounts() {
		const counts = {};
		const of = (name) => (counts[name] ??= { received: 0, stored: 0, statuses: [], sha256: [] });
		for (const request of this.requests) {
			if (request.method !== 'POST' || request.path !== '/') continue;
			const entry = of(request.query.filename ?? '');
			entry.received++;
			entry.statuses.push(request.status ?? null);
		}
		for (const upload of this.uploads) {
			const entry = of(upload.filename);
			entry.stored++;
			entry.sha256.push(upload.bodySha256);
		}
		return counts;
	}

	/**
	 * Makes GET /transcripts/ misbehave in a way a fault on one response cannot: 'oversized'
	 * (every page 7 longer than `limit`), 'shift' (pages after the first start one earlier, as
	 * when a transcript is created while a client pages), 'ignore-skip' (always the first page).
	 * Cleared by clearFaults() and reset().
	 */
	setListQuirk(kind) {
		if (![null, 'oversized', 'shift', 'ignore-skip'].includes(kind)) throw new Error(`unknown list quirk ${kind}`);
		this.listQuirk = kind;
	}

	reset() {
		for (const timer of this._timers.values()) clearTimeout(timer);
		this._timers.clear();
		this._initState();
		this._server.clearRequests();
		this._server.faults.clear();
		this.listQuirk = null;
	}

	async close() {
		for (const timer of this._timers.values()) clearTimeout(timer);
		this._timers.clear();
		await this._server.close();
	}

	// Extra credentials, e.g. a second user's key. Basic: { keyId, keySecret }; legacy: { legacyKey }.
	addKey({ keyId, keySecret, legacyKey, user = TRINT_FIXTURES.user, expired = false, revoked = false }) {
		if (keyId) this._basicKeys.set(keyId, { secret: keySecret, user, unusable: expired || revoked });
		if (legacyKey) this._legacyKeys.set(legacyKey, { user, unusable: expired || revoked });
	}

	// ---- auth (§2): Authorization wins over api-key; the Basic scheme name is case-insensitive.
	_authenticate(headers) {
		const authorization = headers.authorization;
		if (authorization !== undefined) {
			const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
			if (!match) return null;
			const decoded = Buffer.from(match[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			if (colon < 0) return null;
			const key = this._basicKeys.get(decoded.slice(0, colon));
			if (!key || key.unusable || !kit.secretsEqual(decoded.slice(colon + 1), key.secret)) return null;
			return { identity: `key:${decoded.slice(0, colon)}`, user: key.user };
		}
		const apiKey = headers['api-key'];
		if (apiKey === undefined) return null;
		const key = this._legacyKeys.get(apiKey);
		if (!key || key.unusable) return null;
		return { identity: `legacy:${apiKey}`, user: key.user };
	}

	// ---- visibility
	_driveVisible(driveId) {
		const drive = this._drives.get(driveId);
		return Boolean(drive && drive.visible);
	}

	_folderVisible(folder, user) {
		if (!folder || !folder.visible) return false;
		return folder.workspaceId ? this._driveVisible(folder.workspaceId) : folder.owner === user;
	}

	_transcriptVisible(record, user) {
		return Boolean(record && (record.owner === user || (record.workspaceId && this._driveVisible(record.workspaceId))));
	}

	// ---- records
	_publicItem(record) {
		return {
			id: record.id,
			title: record.title,
			fileType: record.fileType,
			created: new Date(record.createdMs).toISOString(),
			updated: new Date(record.updatedMs).toISOString(),
			duration: record.duration,
			language: record.language,
			folderId: record.folderId,
			workspaceId: record.workspaceId,
			metadata: record.metadata,
		};
	}

	_insert(record) {
		this._records.push(record);
		this._byId.set(record.id, record);
		this._sorted = false;
		this._listCache.clear();
	}

	_newestFirst() {
		if (!this._sorted) {
			this._records.sort((a, b) => b.createdMs - a.createdMs || b.seq - a.seq);
			this._sorted = true;
		}
		return this._records;
	}

	addTranscript({
		id = kit.randomId(),
		title = 'Untitled.mp3',
		language = 'en',
		workspaceId = null,
		folderId = null,
		metadata = null,
		fileType = 'TRANSCRIPT',
		processingMs = 0,
		owner = TRINT_FIXTURES.user,
		duration,
		created,
	} = {}) {
		const createdMs = created ? new Date(created).getTime() : Date.now();
		const record = {
			id,
			title,
			fileType,
			createdMs,
			updatedMs: createdMs + Math.max(processingMs, 0),
			duration: duration ?? 5000 + (kit.seededRandom(`duration:${id}`).int(3600) * 1000),
			language,
			folderId,
			workspaceId,
			metadata,
			owner,
			readyAt: processingMs > 0 ? Date.now() + processingMs : 0,
			seq: this._seq++,
		};
		this._insert(record);
		if (processingMs > 0) this._scheduleCompletion(record, processingMs);
		return this._publicItem(record);
	}

	// Bulk insert for pagination tests and benchmarks: one randomBytes call, no per-item work
	// beyond building the record. Later indexes are newer.
	seedTranscripts(count, { workspaceId = null, folderId = null, owner = TRINT_FIXTURES.user, titlePrefix = 'Seeded interview ', fileType = 'TRANSCRIPT', language = 'en' } = {}) {
		const ids = crypto.randomBytes(16 * count);
		const now = Date.now();
		const items = new Array(count);
		for (let i = 0; i < count; i++) {
			const createdMs = now - (count - i) * 1000;
			const record = {
				id: ids.toString('base64url', i * 16, i * 16 + 16),
				title: `${titlePrefix}${i + 1}`,
				fileType,
				createdMs,
				updatedMs: createdMs + 60000,
				duration: 30000 + ((i * 7919) % 3570000),
				language,
				folderId,
				workspaceId,
				metadata: null,
				owner,
				readyAt: 0,
				seq: this._seq++,
			};
			this._records.push(record);
			this._byId.set(record.id, record);
			items[i] = this._publicItem(record);
		}
		this._sorted = false;
		this._listCache.clear();
		return items;
	}

	getTranscript(trintId) {
		const record = this._byId.get(trintId);
		return record ? this._publicItem(record) : undefined;
	}

	addSharedDrive({ id = kit.randomId(), name = 'Shared Drive', archived = false, visible = true } = {}) {
		const drive = { _id: id, name, archived: Boolean(archived), visible: visible !== false };
		this._drives.set(id, drive);
		return { _id: drive._id, name: drive.name, archived: drive.archived };
	}

	addFolder({ id = kit.randomId(), name = 'Folder', workspaceId = null, parentId = null, visible = true, owner = TRINT_FIXTURES.user } = {}) {
		const folder = { _id: id, name, parentId, workspaceId, visible: visible !== false, owner };
		this._folders.set(id, folder);
		return this._publicFolder(folder);
	}

	_publicFolder(folder) {
		return { _id: folder._id, name: folder.name, parentId: folder.parentId, workspaceId: folder.workspaceId };
	}

	// ---- exports
	_formatFor(record, format) {
		if (EXPORT_FORMATS[format]) return format;
		if (record && record.fileType === 'STORY' && EXPORT_FORMATS[`story-builder/${format}`]) return `story-builder/${format}`;
		throw new Error(`unknown export format "${format}"`);
	}

	setExportSize(trintId, format, bytes) {
		const record = this._byId.get(trintId);
		this._exportSizes.set(`${trintId}|${this._formatFor(record, format)}`, bytes);
	}

	exportContentType(format) {
		return EXPORT_FORMATS[format] ? EXPORT_FORMATS[format].contentType : undefined;
	}

	// What a download link for this export serves. `options` = caption query (srt/webvtt only).
	exportBytes(trintId, format, options = {}) {
		const record = this._byId.get(trintId);
		if (!record) throw new Error(`unknown Trint ${trintId}`);
		const key = this._formatFor(record, format);
		const size = this._exportSizes.get(`${trintId}|${key}`);
		if (size !== undefined) {
			if (size > 512 * 1024 * 1024) throw new Error('export too large for a Buffer: use exportSha256()');
			return kit.deterministicBytes(`export:${trintId}:${key}`, size);
		}
		if (key === 'json') return Buffer.from(JSON.stringify(this._jsonExport(record)));
		const content = renderExport(record, key, captionOptionsFrom(key, options));
		return Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
	}

	// SHA-256 of an export's bytes in constant memory (works for 1 GiB sized exports).
	exportSha256(trintId, format, options = {}) {
		const record = this._byId.get(trintId);
		const key = this._formatFor(record, format);
		const size = this._exportSizes.get(`${trintId}|${key}`);
		if (size !== undefined) return kit.deterministicSha256(`export:${trintId}:${key}`, size);
		return kit.sha256Hex(this.exportBytes(trintId, key, options));
	}

	_jsonExport(record) {
		const { title, words, speakers, paragraphs, realtime } = buildDocument(record);
		const session = this._realtime.get(record.id);
		if (!session) return { title, words, speakers, paragraphs, realtime };
		// §14.4: a live Trint exports what was received so far; `realtime` has no UNKNOWN.
		const state = this._realtimeState(session);
		const finished = state.status === 'STOPPED' || state.status === 'FAILED';
		const elapsed = Date.now() - session.startedMs;
		const received = finished ? words : words.filter((word) => word.time <= elapsed);
		return { title, words: received, speakers, paragraphs, realtime: state.status === 'UNKNOWN' ? 'TRANSCRIBING' : state.status };
	}

	// ---- webhooks
	get callbacks() {
		const merged = new Map();
		for (const registration of this._registrations.values()) {
			for (const [url, subscriptions] of registration.urls) {
				const known = merged.get(url) || [];
				merged.set(url, [...known, ...subscriptions.filter((s) => !known.includes(s))]);
			}
		}
		return merged;
	}

	// Every registration with the credential that made it: [{ identity, user, callbackUrl, callbackSubscriptions }]
	callbackRegistrations() {
		const list = [];
		for (const [identity, registration] of this._registrations) {
			for (const [callbackUrl, subscriptions] of registration.urls) {
				list.push({ identity, user: registration.user, callbackUrl, callbackSubscriptions: [...subscriptions] });
			}
		}
		return list;
	}

	// POSTs an event once to every registered URL subscribed to it (no retries), logs the status.
	async fireEvent({ eventType, transcriptId, title, metadata, user } = {}, { onlyUser } = {}) {
		if (!EVENT_TYPES.includes(eventType)) throw new Error(`unknown eventType "${eventType}"`);
		const record = this._byId.get(transcriptId);
		const payload = {
			eventType,
			transcriptId,
			title: title ?? (record ? record.title : ''),
			user: user ?? (record ? record.owner : TRINT_FIXTURES.user),
		};
		if (metadata !== undefined && metadata !== null) payload.metadata = String(metadata);
		else if (metadata === undefined && record && record.metadata !== null && eventType !== 'TRANSCRIPT_NEW_VERSION') {
			payload.metadata = record.metadata;
		}
		const urls = new Set();
		for (const registration of this._registrations.values()) {
			if (onlyUser && registration.user !== onlyUser) continue;
			for (const [url, subscriptions] of registration.urls) if (subscriptions.includes(eventType)) urls.add(url);
		}
		const results = await Promise.all([...urls].map((url) => kit.postJson(url, payload)));
		for (const result of results) this.deliveries.push({ ...result, eventType, payload, time: Date.now() });
		return results.map(({ url, status, error }) => (error ? { url, status, error } : { url, status }));
	}

	_scheduleCompletion(record, delayMs) {
		const timer = setTimeout(() => {
			this._timers.delete(record.id);
			this.fireEvent({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: record.id }, { onlyUser: record.owner }).catch(() => {});
		}, delayMs);
		timer.unref();
		this._timers.set(record.id, timer);
	}

	// Ends "processing" now instead of waiting; resolves with the TRANSCRIPT_COMPLETE deliveries.
	finishProcessing(trintId) {
		const record = this._byId.get(trintId);
		if (!record) throw new Error(`unknown Trint ${trintId}`);
		const timer = this._timers.get(trintId);
		if (timer) clearTimeout(timer);
		this._timers.delete(trintId);
		record.readyAt = 0;
		return this.fireEvent({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: trintId }, { onlyUser: record.owner });
	}

	isProcessing(trintId) {
		const record = this._byId.get(trintId);
		return Boolean(record && Date.now() < record.readyAt);
	}

	// ---- HTTP routes
	async _handle(ctx) {
		const { method, route, res } = ctx;
		if (route.startsWith('/__downloads/')) {
			await ctx.readBody({ keepBytes: 0 });
			return method === 'GET' ? this._download(ctx) : notFound(res);
		}
		if (method === 'POST' && route === '/') return this._upload(ctx);
		if (route.startsWith('/__mock/media/') || route.startsWith('/__mock/redirect/')) {
			await ctx.readBody({ keepBytes: 0 });
			return method === 'GET' ? this._serveMedia(ctx) : notFound(res);
		}
		if (route === '/translation' || route.startsWith('/translation/')) {
			const handler = this._translationEndpoint(method, route);
			const body = await ctx.readBody();
			if (!handler) return notFound(res);
			const who = this._authenticate(ctx.headers);
			if (!who) return unauthorized(res);
			return handler(ctx, who, body);
		}

		const endpoint = this._endpointFor(method, route);
		const body = await ctx.readBody();
		if (!endpoint) return notFound(res);
		const who = this._authenticate(ctx.headers);
		if (!who) return unauthorized(res);
		return endpoint(ctx, who, body);
	}

	_endpointFor(method, route) {
		if (method === 'GET') {
			if (route === '/transcripts') return (ctx, who) => this._listTranscripts(ctx, who);
			if (route.startsWith('/transcripts/file/')) {
				const rest = route.slice('/transcripts/file/'.length);
				if (rest && !rest.includes('/')) return (ctx, who) => this._getTranscript(ctx, who, rest);
				return null;
			}
			if (route.startsWith('/export/')) {
				const target = this._parseExportRoute(route);
				return target ? (ctx, who) => this._export(ctx, who, target) : null;
			}
			if (route === '/folders') return (ctx, who) => this._listFolders(ctx, who);
			if (route === '/folders/folder') return (ctx, who) => this._getFolder(ctx, who);
			if (route === '/workspaces') return (ctx) => this._listDrives(ctx);
			if (route === '/workspaces/workspace') return (ctx) => this._getDrive(ctx);
		}
		if (method === 'POST' && route === '/folders') return (ctx, who, body) => this._createFolder(ctx, who, body);
		if (route === '/transcripts/realtime/push' && method === 'POST') return (ctx) => this._createPushStream(ctx);
		if (route === '/transcripts/realtime') {
			if (method === 'PUT') return (ctx, who, body) => this._startRealtime(ctx, who, body);
			if (method === 'DELETE') return (ctx, who, body) => this._stopRealtime(ctx, who, body);
		}
		if (method === 'GET' && route.startsWith('/transcripts/realtime/')) {
			const rest = route.slice('/transcripts/realtime/'.length);
			if (rest && !rest.includes('/') && rest !== 'push') return (ctx, who) => this._realtimeStatus(ctx, who, rest);
		}
		if (route === '/callbacks/transcript') {
			if (method === 'PUT') return (ctx, who, body) => this._registerCallback(ctx, who, body);
			if (method === 'DELETE') return (ctx, who, body) => this._deregisterCallback(ctx, who, body);
		}
		return null;
	}

	_listTranscripts({ res, query }, who) {
		const limit = integerParam(query.limit, 100);
		if (limit === null || limit < 1 || limit > 1000) return badRequest(res, 'limit must be an integer from 1 to 1000');
		const skip = integerParam(query.skip, 0);
		if (skip === null) return badRequest(res, 'skip must be an integer of 0 or more');
		const driveId = query.sharedDriveId ?? query.workspaceId;
		const folderId = query.folderId;
		if (folderId !== undefined && driveId === undefined) return badRequest(res, 'folderId requires sharedDriveId or workspaceId');
		if (driveId !== undefined && !this._driveVisible(driveId)) return forbidden(res);
		if (folderId !== undefined) {
			const folder = this._folders.get(folderId);
			if (!this._folderVisible(folder, who.user) || folder.workspaceId !== driveId) return forbidden(res);
		}
		const cacheKey = `${who.user}\u0000${driveId ?? ''}\u0000${folderId ?? ''}`;
		let matching = this._listCache.get(cacheKey);
		if (!matching) {
			const all = this._newestFirst();
			if (driveId === undefined) matching = all.filter((r) => r.owner === who.user);
			else if (folderId === undefined) matching = all.filter((r) => r.workspaceId === driveId);
			else matching = all.filter((r) => r.workspaceId === driveId && r.folderId === folderId);
			this._listCache.set(cacheKey, matching);
		}
		let [from, to] = [skip, skip + limit];
		if (this.listQuirk === 'oversized') to += 7;
		else if (this.listQuirk === 'shift' && skip > 0) [from, to] = [skip - 1, skip - 1 + limit];
		else if (this.listQuirk === 'ignore-skip') [from, to] = [0, limit];
		const page = matching.slice(from, to).map((r) => this._publicItem(r));
		const pending = this._midScanInsert;
		if (pending) {
			pending.answeredBefore.push(skip);
			if (--pending.remaining <= 0) this._applyMidScanInsert();
		}
		return kit.replyJson(res, 200, page);
	}

	_getTranscript({ res }, who, rawId) {
		const record = this._byId.get(decodeSegment(rawId));
		if (!this._transcriptVisible(record, who.user)) return forbidden(res);
		return kit.replyJson(res, 200, this._publicItem(record));
	}

	async _upload(ctx) {
		const { res, query, headers } = ctx;
		const drain = () => ctx.readBody({ keepBytes: 0 });
		const who = this._authenticate(headers);
		let problem = null;
		if (!who) problem = () => unauthorized(res);
		else if (!query.filename) problem = () => badRequest(res, 'filename is required');
		else if (!headers['content-type']) problem = () => badRequest(res, 'Content-Type is required');
		else if (query.language !== undefined && !LANGUAGES.has(query.language)) {
			problem = () => badRequest(res, `unsupported language "${query.language}"`);
		} else {
			const driveId = query['workspace-id'];
			const folderId = query['folder-id'];
			if (driveId !== undefined && !this._driveVisible(driveId)) problem = () => forbidden(res);
			else if (folderId !== undefined) {
				const folder = this._folders.get(folderId);
				if (!this._folderVisible(folder, who.user)) problem = () => forbidden(res);
				else if (driveId !== undefined && folder.workspaceId !== driveId) problem = () => forbidden(res);
			}
		}
		if (problem) {
			await drain();
			return problem();
		}

		// The media is only hashed as it streams in: a 1 GiB upload never sits in memory.
		const { length, sha256 } = await drain();
		if (length === 0) return badRequest(res, 'the request body is empty');

		const folder = query['folder-id'] !== undefined ? this._folders.get(query['folder-id']) : null;
		const workspaceId = query['workspace-id'] ?? (folder ? folder.workspaceId : null);
		const item = this.addTranscript({
			title: query.filename,
			language: query.language ?? 'en',
			workspaceId: workspaceId ?? null,
			folderId: folder ? folder._id : null,
			metadata: query.metadata ?? null,
			owner: query.user || who.user,
			// 128 kbit/s audio: 16 bytes per millisecond.
			duration: Math.max(1000, Math.round(length / 16)),
			processingMs: 0,
		});
		const record = this._byId.get(item.id);
		record.readyAt = Date.now() + this.processingMs;
		record.updatedMs = record.createdMs + this.processingMs;
		this._scheduleCompletion(record, this.processingMs);
		this.uploads.push({
			trintId: item.id,
			filename: query.filename,
			query: { ...query },
			contentType: headers['content-type'],
			bodyLength: length,
			bodySha256: sha256,
			// §15.2: how the body was framed.
			contentLength: headers['content-length'] !== undefined ? Number(headers['content-length']) : null,
			chunked: /chunked/i.test(String(headers['transfer-encoding'] || '')),
		});
		return kit.replyJson(res, 200, { trintId: item.id });
	}

	_parseExportRoute(route) {
		const segments = route.split('/').slice(2);
		let format;
		let rawId;
		if (segments[0] === 'story-builder' || segments[0] === 'csv') {
			if (segments.length !== 3) return null;
			format = `${segments[0]}/${segments[1]}`;
			rawId = segments[2];
		} else {
			if (segments.length !== 2) return null;
			[format, rawId] = segments;
		}
		if (!EXPORT_FORMATS[format] || !rawId) return null;
		return { format, trintId: decodeSegment(rawId) };
	}

	_export({ res, query }, who, { format, trintId }) {
		const record = this._byId.get(trintId);
		if (!this._transcriptVisible(record, who.user)) return forbidden(res);
		const wantsStory = EXPORT_FORMATS[format].story;
		if (wantsStory !== (record.fileType === 'STORY')) {
			return badRequest(res, wantsStory ? 'story-builder exports need a Story id' : 'this export needs a Transcript id, not a Story');
		}
		if (Date.now() < record.readyAt) return notFound(res); // still transcribing (§7.4)
		if (format === 'json') return kit.replyJson(res, 200, this._jsonExport(record));
		const token = crypto.randomBytes(24).toString('hex');
		this._downloads.set(token, { trintId, format, options: captionOptionsFrom(format, query), createdAt: Date.now() });
		return kit.replyJson(res, 200, { title: record.title, url: `${this.origin}/__downloads/${token}` });
	}

	// Plays a pre-signed object-storage link: no Trint auth allowed, expires, fixed Content-Type.
	_download(ctx) {
		const { res, route, headers, entry } = ctx;
		if (headers.authorization !== undefined || headers['api-key'] !== undefined) {
			return kit.replyXml(
				res,
				400,
				kit.s3ErrorXml('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified'),
			);
		}
		const link = this._downloads.get(route.slice('/__downloads/'.length));
		if (!link) return kit.replyXml(res, 403, kit.s3ErrorXml('AccessDenied', 'Access Denied'));
		if (Date.now() - link.createdAt > this.downloadLinkTtlMs) {
			return kit.replyXml(res, 403, kit.s3ErrorXml('AccessDenied', 'Request has expired'));
		}
		const contentType = EXPORT_FORMATS[link.format].contentType;
		const size = this._exportSizes.get(`${link.trintId}|${link.format}`);
		if (size === undefined) {
			const bytes = this.exportBytes(link.trintId, link.format, link.options);
			entry.downloadSha256 = kit.sha256Hex(bytes);
			return kit.send(res, 200, { 'Content-Type': contentType }, bytes);
		}
		// Large export: generated on the fly and hashed as it goes out.
		return new Promise((resolve) => {
			const source = kit.deterministicStream(`export:${link.trintId}:${link.format}`, size);
			const hash = crypto.createHash('sha256');
			source.on('data', (chunk) => hash.update(chunk));
			res.setHeader('Content-Type', contentType);
			res.setHeader('Content-Length', size);
			res.statusCode = 200;
			pipeline(source, res, (error) => {
				if (!error) entry.downloadSha256 = hash.digest('hex');
				resolve();
			});
		});
	}

	_listFolders({ res, query }, who) {
		const driveId = query['workspace-id'];
		if (driveId !== undefined && !this._driveVisible(driveId)) return forbidden(res);
		const folders = [...this._folders.values()].filter((folder) =>
			driveId !== undefined ? folder.visible && folder.workspaceId === driveId : folder.workspaceId === null && this._folderVisible(folder, who.user),
		);
		return kit.replyJson(res, 200, folders.map((f) => this._publicFolder(f)));
	}

	_createFolder({ res, headers }, who, body) {
		const json = this._jsonObject(res, headers, body);
		if (!json) return undefined;
		const { name, parentId, workspaceId } = json;
		if (typeof name !== 'string' || !name.trim()) return badRequest(res, 'name is required');
		let parent = null;
		if (parentId !== undefined && parentId !== null) {
			parent = this._folders.get(parentId);
			if (!this._folderVisible(parent, who.user)) return forbidden(res);
		}
		if (workspaceId !== undefined && workspaceId !== null && !this._driveVisible(workspaceId)) return forbidden(res);
		if (parent && workspaceId && parent.workspaceId !== workspaceId) return badRequest(res, 'parentId is not in that Shared Drive');
		const folder = this.addFolder({ name, parentId: parent ? parent._id : null, workspaceId: workspaceId ?? (parent ? parent.workspaceId : null), owner: who.user });
		return kit.replyJson(res, 200, folder);
	}

	_getFolder({ res, query }, who) {
		if (!query.folderId) return badRequest(res, 'folderId is required');
		const folder = this._folders.get(query.folderId);
		if (!this._folderVisible(folder, who.user)) return forbidden(res);
		if (query.workspaceId !== undefined && (!this._driveVisible(query.workspaceId) || folder.workspaceId !== query.workspaceId)) {
			return forbidden(res);
		}
		return kit.replyJson(res, 200, this._publicFolder(folder));
	}

	_listDrives({ res, query }) {
		const includeArchived = query['include-archived'] === 'true';
		const drives = [...this._drives.values()].filter((d) => d.visible && (includeArchived || !d.archived));
		return kit.replyJson(res, 200, drives.map((d) => ({ _id: d._id, name: d.name, archived: d.archived })));
	}

	_getDrive({ res, query }) {
		const driveId = query.workspaceId ?? query.sharedDriveId;
		if (!driveId) return badRequest(res, 'workspaceId is required');
		if (!this._driveVisible(driveId)) return forbidden(res);
		const drive = this._drives.get(driveId);
		return kit.replyJson(res, 200, { _id: drive._id, name: drive.name, archived: drive.archived });
	}

	_jsonObject(res, headers, body) {
		if (!/json/i.test(headers['content-type'] || '')) {
			badRequest(res, 'Content-Type must be application/json');
			return null;
		}
		if (!body.buffer || !kit.isPlainObject(body.json)) {
			badRequest(res, 'the body must be a JSON object');
			return null;
		}
		return body.json;
	}

	_registerCallback({ res, headers }, who, body) {
		const json = this._jsonObject(res, headers, body);
		if (!json) return undefined;
		const { callbackUrl, callbackSubscriptions } = json;
		if (!isAbsoluteHttpUrl(callbackUrl)) return badRequest(res, 'callbackUrl must be an absolute http(s) URL');
		if (!Array.isArray(callbackSubscriptions) || callbackSubscriptions.length === 0) {
			return badRequest(res, 'callbackSubscriptions must be a non-empty array');
		}
		const unknown = callbackSubscriptions.filter((s) => !EVENT_TYPES.includes(s));
		if (unknown.length) return badRequest(res, `unknown event type(s): ${unknown.join(', ')}`);
		let registration = this._registrations.get(who.identity);
		if (!registration) {
			registration = { user: who.user, urls: new Map() };
			this._registrations.set(who.identity, registration);
		}
		// A second PUT for the same URL replaces its subscriptions.
		registration.urls.set(callbackUrl, [...new Set(callbackSubscriptions)]);
		return kit.replyJson(res, 200, { callbackUrl, callbackSubscriptions });
	}

	_deregisterCallback({ res, headers }, who, body) {
		const json = this._jsonObject(res, headers, body);
		if (!json) return undefined;
		if (typeof json.callbackUrl !== 'string' || !json.callbackUrl) return badRequest(res, 'callbackUrl is required');
		const registration = this._registrations.get(who.identity);
		if (!registration || !registration.urls.has(json.callbackUrl)) return notFound(res);
		registration.urls.delete(json.callbackUrl);
		return kit.send(res, 204, {}, '');
	}

	// ---- /__mock/* controls beyond the shared ones (requests, faults, reset)
	async _control({ method, path, query = {} }, body = {}) {
		if (method === 'POST' && path === '/__mock/events') return this.fireEvent(body);
		if (method === 'POST' && path === '/__mock/seed') {
			const { transcripts = 0, ...options } = body;
			const items = this.seedTranscripts(Number(transcripts), options);
			return { seeded: items.length, newest: items.length ? items[items.length - 1].id : null };
		}
		if (method === 'POST' && path === '/__mock/transcripts') return this.addTranscript(body);
		if (method === 'POST' && path === '/__mock/drives') return this.addSharedDrive(body);
		if (method === 'POST' && path === '/__mock/folders') return this.addFolder(body);
		if (method === 'POST' && path === '/__mock/export-size') {
			this.setExportSize(body.trintId, body.format, Number(body.bytes));
			return { trintId: body.trintId, format: body.format, bytes: Number(body.bytes), sha256: this.exportSha256(body.trintId, body.format) };
		}
		if (method === 'POST' && path === '/__mock/finish') return this.finishProcessing(body.trintId);
		if (method === 'GET' && path === '/__mock/uploads') return this.uploads;
		if (method === 'GET' && path === '/__mock/upload-counts') return this.uploadCounts();
		if (method === 'POST' && path === '/__mock/insert-during-list') return this.insertDuringList(body);
		if (method === 'GET' && path === '/__mock/mid-scan-inserts') return this.midScanInserts;
		if (method === 'GET' && path === '/__mock/callbacks') return this.callbackRegistrations();
		if (method === 'GET' && path === '/__mock/deliveries') return this.deliveries;
		if (method === 'GET' && path === '/__mock/media-sha256') {
			return this.mediaInfo(query.name, query.bytes);
		}
		if (method === 'POST' && path === '/__mock/translation-fail') {
			this.failTranslations(body.languageCode, body.transcriptId);
			return { failing: [...this._failLanguages] };
		}
		if (method === 'POST' && path === '/__mock/translation-options') {
			if (body.omitStatus !== undefined) this.translationOmitStatus = Boolean(body.omitStatus);
			return { omitStatus: this.translationOmitStatus };
		}
		if (method === 'GET' && path === '/__mock/translations') return this.translationsOf(query.transcriptId);
		if (method === 'POST' && path === '/__mock/realtime-state') return this.forceRealtimeState(body.trintId, body);
		if (method === 'GET' && path === '/__mock/stream-keys') return [...this._streamKeys.keys()];
		return undefined;
	}
}

function envNumber(name, fallback) {
	const raw = process.env[name];
	return raw !== undefined && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : fallback;
}

function isAbsoluteHttpUrl(value) {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
	} catch {
		return false;
	}
}

async function startTrintMock(options = {}) {
	const mock = new TrintMock(options);
	await mock._start(options.port ?? 0);
	// A network round trip to emulate on every API request (mock-kit: latencyMs).
	if (options.latencyMs !== undefined) mock._server.setLatency(options.latencyMs);
	return mock;
}

require('./trint-mock-extensions').install(TrintMock, { kit, LANGUAGES, helpers: { badRequest, forbidden, notFound } });

module.exports = {
	startTrintMock,
	TrintMock,
	TRINT_FIXTURES,
	LANGUAGES,
	EVENT_TYPES,
	EXPORT_FORMATS,
	CAPTION_OPTIONS,
	TRANSLATION_LANGUAGES: require('./trint-mock-extensions').TRANSLATION_LANGUAGES,
};
