'use strict';

// The Trint mock's surfaces beyond v1, as the extensions contract (§13–§15) models them:
// translation (served under the prefix /translation, since POST / is the upload), realtime
// (live) transcripts under /transcripts/realtime/, and test media for uploads from a URL
// (GET /__mock/media/{name}). Installed onto TrintMock's prototype by trint-mock.js.

const crypto = require('crypto');

// §13.2: the target languages the mock offers (which codes Trint really has is unknown).
const TRANSLATION_LANGUAGES = [
	{ languageCode: 'en', languageName: 'English' },
	{ languageCode: 'en-GB', languageName: 'English (British)' },
	{ languageCode: 'es', languageName: 'Spanish' },
	{ languageCode: 'fr', languageName: 'French' },
	{ languageCode: 'de', languageName: 'German' },
	{ languageCode: 'it', languageName: 'Italian' },
	{ languageCode: 'pt', languageName: 'Portuguese' },
	{ languageCode: 'nl', languageName: 'Dutch' },
	{ languageCode: 'ja', languageName: 'Japanese' },
];
const TRANSLATION_CODES = new Set(TRANSLATION_LANGUAGES.map((l) => l.languageCode));

// Test media a node downloads when no size is asked for.
const DEFAULT_MEDIA_BYTES = 64 * 1024;
// Redirect chains longer than this are refused by the mock route itself.
const MAX_MOCK_REDIRECTS = 20;

function install(TrintMock, { kit, LANGUAGES, helpers }) {
	const { badRequest, forbidden, notFound } = helpers;
	const proto = TrintMock.prototype;

	// ---- §15.2 test media ---------------------------------------------------------------

	proto.mediaSeed = (name, bytes) => `media:${name}:${bytes}`;

	proto.mediaBytes = function mediaBytes(name, bytes = DEFAULT_MEDIA_BYTES) {
		return kit.deterministicBytes(this.mediaSeed(name, Number(bytes)), Number(bytes));
	};

	proto.mediaSha256 = function mediaSha256(name, bytes = DEFAULT_MEDIA_BYTES) {
		return kit.deterministicSha256(this.mediaSeed(name, Number(bytes)), Number(bytes));
	};

	proto.mediaInfo = function mediaInfo(name, bytes) {
		const size = bytes === undefined || bytes === '' ? DEFAULT_MEDIA_BYTES : Number(bytes);
		return { name, bytes: size, sha256: this.mediaSha256(name, size) };
	};

	proto.mediaUrl = function mediaUrl(name, query = {}) {
		const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
		return `${this.origin}/__mock/media/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}`;
	};

	/**
	 * GET /__mock/media/{name}?length=present|none&type=<mime>&bytes=<n>
	 *   length=none: no Content-Length (chunked); type: the Content-Type (none when absent);
	 *   bytes: size (deterministic content per name and size); filename: a Content-Disposition;
	 *   stallAfter: send that many bytes, then nothing more (a source that stalls);
 *   text: the body is this UTF-8 text instead (subtitles or a page where media was expected).
	 * GET /__mock/redirect/{n}?to=<url>: n redirects (302), then to `to`.
	 */
	proto._serveMedia = function serveMedia(ctx) {
		const { res, route, query, entry } = ctx;
		if (route.startsWith('/__mock/redirect/')) {
			const left = Number(route.slice('/__mock/redirect/'.length));
			if (!Number.isInteger(left) || left < 0 || left > MAX_MOCK_REDIRECTS || !query.to) return badRequest(res, 'redirect needs /{n} and ?to=');
			const next = left === 0 ? query.to : `${this.origin}/__mock/redirect/${left - 1}?to=${encodeURIComponent(query.to)}`;
			return kit.send(res, 302, { Location: next }, '');
		}
		const name = decodeURIComponent(route.slice('/__mock/media/'.length));
		if (query.text !== undefined) {
			// text: the body is this text (subtitles, a web page) instead of media bytes.
			const body = Buffer.from(String(query.text), 'utf8');
			const headers = query.type ? { 'Content-Type': query.type } : {};
			entry.media = { name, bytes: body.length, length: query.length !== 'none' };
			if (query.length === 'none') {
				for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
				res.statusCode = 200;
				// Written, then ended: sent chunked, without a length.
				res.write(body);
				res.end();
				return undefined;
			}
			return kit.send(res, 200, headers, body);
		}
		const bytes = query.bytes === undefined ? DEFAULT_MEDIA_BYTES : Number(query.bytes);
		if (!Number.isInteger(bytes) || bytes < 0) return badRequest(res, 'bytes must be a whole number');
		const headers = {};
		if (query.type) headers['Content-Type'] = query.type;
		if (query.filename) headers['Content-Disposition'] = `attachment; filename="${query.filename}"`;
		if (query.length !== 'none') headers['Content-Length'] = String(bytes);
		const stallAfter = query.stallAfter === undefined ? Infinity : Number(query.stallAfter);
		entry.media = { name, bytes, length: query.length !== 'none' };
		return new Promise((resolve) => {
			const source = kit.deterministicStream(this.mediaSeed(name, bytes), bytes);
			for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
			res.statusCode = 200;
			let sent = 0;
			source.on('data', (chunk) => {
				if (sent + chunk.length > stallAfter) {
					// Stalls: the head and the first bytes went out; nothing else ever comes.
					const part = chunk.subarray(0, Math.max(0, stallAfter - sent));
					if (part.length) res.write(part);
					sent += part.length;
					source.pause();
					source.removeAllListeners('data');
					res.on('close', () => {
						source.destroy();
						resolve();
					});
					return;
				}
				sent += chunk.length;
				if (!res.write(chunk)) {
					source.pause();
					res.once('drain', () => source.resume());
				}
			});
			source.on('end', () => {
				entry.mediaSent = sent;
				res.end();
				resolve();
			});
			res.on('close', () => {
				source.destroy();
				resolve();
			});
		});
	};

	// ---- §13 translation ----------------------------------------------------------------

	proto.failTranslations = function failTranslations(languageCode, transcriptId) {
		if (languageCode) this._failLanguages.add(languageCode);
		if (transcriptId) {
			// An existing translation (by its own id) fails now.
			const sourceId = this._translatedFrom.get(transcriptId);
			const item = sourceId ? [...this._translations.get(sourceId).values()].find((t) => t.transcriptId === transcriptId) : null;
			if (item) item.failed = true;
		}
	};

	proto._translationStatus = function translationStatus(item) {
		if (Date.now() < item.readyAtMs) return 'IN_PROGRESS';
		return item.failed ? 'FAILED' : 'COMPLETE';
	};

	proto._publicTranslation = function publicTranslation(item) {
		const out = { transcriptId: item.transcriptId, language: item.language };
		if (!this.translationOmitStatus) out.status = this._translationStatus(item);
		out.created = new Date(item.createdMs).toISOString();
		return out;
	};

	proto._translationFamily = function translationFamily(sourceRecord) {
		const list = [...(this._translations.get(sourceRecord.id) || new Map()).values()];
		return {
			source: { transcriptId: sourceRecord.id, language: sourceRecord.language },
			translations: list.map((item) => this._publicTranslation(item)),
		};
	};

	proto.translationsOf = function translationsOf(transcriptId) {
		const record = this._byId.get(transcriptId);
		return record ? this._translationFamily(record) : null;
	};

	proto._translationEndpoint = function translationEndpoint(method, route) {
		if (route === '/translation/translation-languages' && method === 'GET') {
			return ({ res }) => kit.replyJson(res, 200, { data: { translationLanguages: TRANSLATION_LANGUAGES } });
		}
		if (route !== '/translation') return null;
		if (method === 'POST') return (ctx, who, body) => this._createTranslation(ctx, who, body);
		if (method === 'GET') return (ctx, who) => this._listTranslations(ctx, who);
		if (method === 'DELETE') return (ctx, who, body) => this._deleteTranslation(ctx, who, body);
		return null;
	};

	// §13.2: Trint documents the target as `targetLanguage` and names the source Trint `fileId`.
	// The names the node once guessed (`languageCode`, `transcriptId`) are refused by name, so a
	// node that sends them again fails its tests instead of passing against a lenient mock.
	function oldNameRefusal(res, fields) {
		if (fields.fileId === undefined && fields.transcriptId !== undefined) {
			return badRequest(res, 'fileId is required (transcriptId is not a field of Trint\'s translation API)');
		}
		if (fields.targetLanguage === undefined && fields.languageCode !== undefined) {
			return badRequest(res, 'targetLanguage is required (languageCode is not a field of Trint\'s translation API)');
		}
		return null;
	}

	proto._createTranslation = function createTranslation({ res, headers }, who, body) {
		const json = this._jsonObject(res, headers, body);
		if (!json) return undefined;
		const refused = oldNameRefusal(res, json);
		if (refused !== null) return refused;
		const { fileId, targetLanguage } = json;
		if (typeof fileId !== 'string' || !fileId) return badRequest(res, 'fileId is required');
		if (typeof targetLanguage !== 'string' || !targetLanguage) return badRequest(res, 'targetLanguage is required');
		if (!TRANSLATION_CODES.has(targetLanguage)) return badRequest(res, `unsupported targetLanguage "${targetLanguage}"`);
		const source = this._byId.get(fileId);
		if (!this._transcriptVisible(source, who.user)) return forbidden(res);
		if (Date.now() < source.readyAt) return badRequest(res, 'the source transcript is still processing');
		let family = this._translations.get(source.id);
		if (!family) {
			family = new Map();
			this._translations.set(source.id, family);
		}
		// A second request for the same language returns the existing translation.
		if (!family.has(targetLanguage)) {
			const translated = this.addTranscript({
				title: `${source.title} (${targetLanguage})`,
				language: targetLanguage,
				workspaceId: source.workspaceId,
				folderId: source.folderId,
				owner: source.owner,
				duration: source.duration,
			});
			const record = this._byId.get(translated.id);
			record.readyAt = Date.now() + this.translationMs; // exports 404 until done (§13.3)
			family.set(targetLanguage, {
				transcriptId: translated.id,
				language: targetLanguage,
				createdMs: Date.now(),
				readyAtMs: Date.now() + this.translationMs,
				failed: this._failLanguages.has(targetLanguage),
			});
			this._translatedFrom.set(translated.id, source.id);
		}
		return kit.replyJson(res, 200, this._translationFamily(source));
	};

	// T3: a translated Trint's ID answers with its source's family, as the source's ID does [modeled].
	proto._listTranslations = function listTranslations({ res, query }, who) {
		const refused = oldNameRefusal(res, query);
		if (refused !== null) return refused;
		if (!query.fileId) return badRequest(res, 'fileId is required');
		const sourceId = this._translatedFrom.get(query.fileId) ?? query.fileId;
		const source = this._byId.get(sourceId);
		if (!this._transcriptVisible(source, who.user)) return forbidden(res);
		return kit.replyJson(res, 200, this._translationFamily(source));
	};

	// T4: `fileId` in the body or the query. A translated Trint's ID deletes that translation; a
	// source's ID deletes every translation of it (the source stays) [modeled: Trint does not say].
	proto._deleteTranslation = function deleteTranslation({ res, query }, who, body) {
		const fields = { ...query, ...(body.json && typeof body.json === 'object' ? body.json : {}) };
		const refused = oldNameRefusal(res, fields);
		if (refused !== null) return refused;
		const id = typeof fields.fileId === 'string' ? fields.fileId : '';
		if (!id) return badRequest(res, 'fileId is required');
		const sourceId = this._translatedFrom.get(id);
		if (sourceId) {
			const source = this._byId.get(sourceId);
			if (!this._transcriptVisible(source, who.user)) return forbidden(res);
			const family = this._translations.get(sourceId);
			for (const [language, item] of family) if (item.transcriptId === id) family.delete(language);
			this._translatedFrom.delete(id);
			return kit.replyJson(res, 200, this._translationFamily(source));
		}
		const source = this._byId.get(id);
		if (!this._transcriptVisible(source, who.user)) return forbidden(res);
		const family = this._translations.get(id) || new Map();
		for (const [language, item] of [...family]) {
			family.delete(language);
			this._translatedFrom.delete(item.transcriptId);
		}
		return kit.replyJson(res, 200, this._translationFamily(source));
	};

	// ---- §14 realtime -------------------------------------------------------------------

	proto._createPushStream = function createPushStream({ res }) {
		const streamKey = crypto.randomBytes(16).toString('hex');
		this._streamKeys.set(streamKey, { createdMs: Date.now(), used: false });
		return kit.replyJson(res, 200, { streamKey, streamUrl: 'rtmp://127.0.0.1:1935/live' });
	};

	proto._startRealtime = function startRealtime({ res, headers }, who, body) {
		const json = this._jsonObject(res, headers, body);
		if (!json) return undefined;
		const { streamUrl, streamKey, title, language, folderId, workspaceId, metadata } = json;
		if (!streamUrl && !streamKey) return badRequest(res, 'streamUrl or streamKey is required');
		if (language !== undefined && !LANGUAGES.has(language)) return badRequest(res, `unsupported language "${language}"`);
		if (streamKey !== undefined) {
			const key = this._streamKeys.get(streamKey);
			if (!key) return badRequest(res, 'unknown streamKey');
			if (key.used) return badRequest(res, 'this streamKey has already started a realtime transcript');
			if (Date.now() - key.createdMs > this.realtimeTtlMs) return badRequest(res, 'this streamKey has expired');
		}
		if (workspaceId !== undefined && !this._driveVisible(workspaceId)) return forbidden(res);
		if (folderId !== undefined && !this._folderVisible(this._folders.get(folderId), who.user)) return forbidden(res);
		if (streamKey !== undefined) this._streamKeys.get(streamKey).used = true;
		const item = this.addTranscript({
			title: title || `Live ${new Date().toISOString()}`,
			language: language || 'en',
			workspaceId: workspaceId ?? null,
			folderId: folderId ?? null,
			metadata: metadata ?? null,
			owner: who.user,
		});
		this._realtime.set(item.id, {
			trintId: item.id,
			owner: who.user,
			startedMs: Date.now(),
			stopRequestedMs: null,
			forced: null, // { status, remaining, errors }
			request: { ...json },
		});
		return kit.replyJson(res, 200, { trintId: item.id, status: 'STARTING' });
	};

	proto._realtimeState = function realtimeState(session) {
		const now = Date.now();
		const warnings = [];
		const errors = [];
		let status;
		if (session.forced && session.forced.remaining > 0) {
			status = session.forced.status;
			errors.push(...(session.forced.errors || []));
		} else if (now >= session.startedMs + this.realtimeTtlMs) {
			status = 'STOPPED';
			warnings.push('expired');
		} else if (session.stopRequestedMs !== null) {
			status = now < session.stopRequestedMs + this.realtimeStepMs ? 'STOPPING' : 'STOPPED';
		} else {
			status = now < session.startedMs + this.realtimeStepMs ? 'STARTING' : 'TRANSCRIBING';
		}
		return {
			status,
			warnings,
			errors,
			started: new Date(session.startedMs).toISOString(),
			expires: new Date(session.startedMs + this.realtimeTtlMs).toISOString(),
		};
	};

	/** Forces what R3 reports: { status: 'FAILED'|'UNKNOWN'|..., times?: polls (default: forever), errors? }. */
	proto.forceRealtimeState = function forceRealtimeState(trintId, { status, times, errors } = {}) {
		const session = this._realtime.get(trintId);
		if (!session) throw new Error(`no realtime transcript ${trintId}`);
		session.forced = status ? { status, remaining: times === undefined ? Infinity : Number(times), errors: errors || [] } : null;
		return { trintId, forced: session.forced };
	};

	proto._realtimeStatus = function realtimeStatus({ res }, who, rawId) {
		let id;
		try {
			id = decodeURIComponent(rawId);
		} catch {
			return forbidden(res);
		}
		const session = this._realtime.get(id);
		if (!session || session.owner !== who.user) return forbidden(res);
		const state = this._realtimeState(session);
		if (session.forced && session.forced.remaining > 0 && session.forced.remaining !== Infinity) session.forced.remaining--;
		return kit.replyJson(res, 200, state);
	};

	// R2 [documented]: "Please provide either trintId or streamId, but not both". Either one in the
	// body or the query; both, or neither, is a 400. What a streamId is has not been published: the
	// mock takes it to be the push stream's key that started the session [modeled].
	proto._stopRealtime = function stopRealtime({ res, query }, who, body) {
		const json = body.json && typeof body.json === 'object' ? body.json : {};
		const pick = (name) => (typeof json[name] === 'string' && json[name]) || (typeof query[name] === 'string' && query[name]) || '';
		const trintId = pick('trintId');
		const streamId = pick('streamId');
		if (trintId && streamId) return badRequest(res, 'Please provide either trintId or streamId, but not both');
		if (!trintId && !streamId) return badRequest(res, 'Please provide either trintId or streamId');
		const session = trintId
			? this._realtime.get(trintId)
			: [...this._realtime.values()].find((entry) => entry.request.streamKey === streamId);
		if (!session || session.owner !== who.user) return forbidden(res);
		const state = this._realtimeState(session);
		if (state.status === 'STOPPED') return kit.replyJson(res, 200, { status: 'STOPPED' });
		if (session.stopRequestedMs === null) session.stopRequestedMs = Date.now();
		return kit.replyJson(res, 200, { status: 'STOPPING' });
	};

	proto.realtimeSession = function realtimeSession(trintId) {
		const session = this._realtime.get(trintId);
		return session ? { ...session, state: this._realtimeState(session) } : undefined;
	};

}

module.exports = { install, TRANSLATION_LANGUAGES, DEFAULT_MEDIA_BYTES };
