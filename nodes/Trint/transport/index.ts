/**
 * The one place the Trint nodes talk HTTP. Everything the public Trint documentation leaves open
 * and this pack had to assume ([modeled] in the contract) lives here, so a correction learned
 * from a real account changes this file only: hosts per region, how pages end, what a 404 on an
 * export means, how export links are fetched, folder and drive query names, error shapes.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HttpFailure } from '../../shared/errors';
import { buildApiError, extractErrorText } from '../../shared/errors';
import type { HttpResponse, ResendPolicy, SendOutcome } from '../../shared/request';
import { headerValue, sendWithRetry } from '../../shared/request';

export type TrintContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IPollFunctions | IWebhookFunctions;

export type TrintAuthentication = 'keyAndSecret' | 'legacyKey';

/** Trint's list endpoint refuses a larger page. */
export const TRINT_MAX_PAGE_SIZE = 1000;

/** [modeled] A transcript's `duration` comes in milliseconds: this many per second. */
export const TRINT_DURATION_UNITS_PER_SECOND = 1000;

export interface TrintConnection {
	credentialType: 'trintApi' | 'trintLegacyApi';
	region: 'us' | 'eu' | 'custom';
	apiBaseUrl: string;
	uploadBaseUrl: string;
	/**
	 * The web app people open transcripts in. Undefined with Region "Custom URLs" and no "Web App
	 * URL": the pack then gives no editor links rather than links into a tenant it cannot know.
	 */
	appBaseUrl?: string;
	/** Translation host: per region, or the credential's override; unset for Custom without one. */
	translationBaseUrl?: string;
	/** Values that must never appear in an output or error. */
	secrets: string[];
	/** A Key ID (AK-...) pasted into the legacy credential: worth saying when Trint says 401. */
	legacyKeyLooksLikeKeyId: boolean;
	/** The credential field left empty, if any: worth naming when Trint says 401. */
	emptyCredentialField?: string;
}

const HOSTS = {
	us: { api: 'https://api.trint.com', upload: 'https://upload.trint.com', app: 'https://app.trint.com' },
	eu: { api: 'https://api.eu.trint.com', upload: 'https://upload.eu.trint.com', app: 'https://app.eu.trint.com' },
};

function readAuthentication(ctx: TrintContext): TrintAuthentication {
	const value =
		'getInputData' in ctx
			? (ctx as IExecuteFunctions).getNodeParameter('authentication', 0, 'keyAndSecret')
			: (ctx as ILoadOptionsFunctions).getNodeParameter('authentication', 'keyAndSecret');
	return value === 'legacyKey' ? 'legacyKey' : 'keyAndSecret';
}

function normaliseBaseUrl(raw: unknown, field: string, ctx: TrintContext): string {
	const text = String(raw ?? '').trim().replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `The Trint credential's "${field}" is not a URL`, {
			description: `With Region "Custom URLs", "${field}" must be an absolute URL such as https://api.trint.com. It is "${text || '(empty)'}".`,
		});
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NodeOperationError(ctx.getNode(), `The Trint credential's "${field}" must use http or https`, {
			description: `"${text}" uses ${url.protocol}`,
		});
	}
	return text;
}

const connections = new WeakMap<object, TrintConnection>();

/** Reads the chosen credential once per node run: which type, which hosts, which secrets. */
export async function getTrintConnection(ctx: TrintContext): Promise<TrintConnection> {
	const cached = connections.get(ctx);
	if (cached) return cached;
	const credentialType = readAuthentication(ctx) === 'legacyKey' ? 'trintLegacyApi' : 'trintApi';
	const credentials = await ctx.getCredentials(credentialType);
	const region = credentials.region === 'eu' ? 'eu' : credentials.region === 'custom' ? 'custom' : 'us';
	const secrets: string[] = [];
	let legacyKeyLooksLikeKeyId = false;
	let emptyCredentialField: string | undefined;
	if (credentialType === 'trintApi') {
		const keyId = String(credentials.keyId ?? '').trim();
		const keySecret = String(credentials.keySecret ?? '').trim();
		emptyCredentialField = !keyId ? 'Key ID' : !keySecret ? 'Key Secret' : undefined;
		secrets.push(keySecret, Buffer.from(`${keyId}:${keySecret}`).toString('base64'));
	} else {
		const apiKey = String(credentials.apiKey ?? '').trim();
		secrets.push(apiKey);
		legacyKeyLooksLikeKeyId = /^AK-/i.test(apiKey);
		emptyCredentialField = apiKey ? undefined : 'API Key';
	}
	let connection: TrintConnection;
	const translationOverride = String(credentials.translationBaseUrl ?? '').trim();
	if (region === 'custom') {
		const apiBaseUrl = normaliseBaseUrl(credentials.apiBaseUrl, 'API Base URL', ctx);
		const uploadBaseUrl = normaliseBaseUrl(credentials.uploadBaseUrl || credentials.apiBaseUrl, 'Upload Base URL', ctx);
		const webApp = String(credentials.webAppUrl ?? '').trim();
		const appBaseUrl = webApp ? normaliseBaseUrl(webApp, 'Web App URL', ctx) : undefined;
		connection = { credentialType, region, apiBaseUrl, uploadBaseUrl, appBaseUrl, secrets, legacyKeyLooksLikeKeyId, emptyCredentialField };
	} else {
		const hosts = HOSTS[region];
		connection = { credentialType, region, apiBaseUrl: hosts.api, uploadBaseUrl: hosts.upload, appBaseUrl: hosts.app, secrets, legacyKeyLooksLikeKeyId, emptyCredentialField };
	}
	connection.translationBaseUrl = translationOverride
		? normaliseBaseUrl(translationOverride, 'Translation Base URL', ctx)
		: region === 'custom'
			? undefined
			: TRANSLATION_HOSTS[region];
	connections.set(ctx, connection);
	return connection;
}

/** Translation hosts [documented] for US; EU [modeled] on the rule that EU hosts are `*.eu.trint.com`. */
export const TRANSLATION_HOSTS = {
	us: 'https://translation.api.trint.com',
	eu: 'https://translation.api.eu.trint.com',
};

/**
 * Adds values (a live stream key, a URL source's own headers) that must be masked like the key
 * in every error this node run raises from now on.
 */
export async function addSecrets(ctx: TrintContext, values: string[]): Promise<void> {
	const connection = await getTrintConnection(ctx);
	for (const value of values) if (value && !connection.secrets.includes(value)) connection.secrets.push(value);
}

function baseUrlFor(ctx: TrintContext, connection: TrintConnection, host: TrintRequest['host']): string {
	if (host === 'upload') return connection.uploadBaseUrl;
	if (host !== 'translation') return connection.apiBaseUrl;
	if (!connection.translationBaseUrl) {
		throw new NodeOperationError(ctx.getNode(), 'The Trint credential has no "Translation Base URL"', {
			description: 'With Region "Custom URLs", set "Translation Base URL" in the credential to the origin that serves Trint\'s translation API (for Trint itself: https://translation.api.trint.com).',
		});
	}
	return connection.translationBaseUrl;
}

/**
 * The editor link a person opens to read a Trint ([modeled] for EU); null with Region "Custom
 * URLs" when the credential names no "Web App URL".
 */
export function editorLink(connection: TrintConnection, trintId: string): string | null {
	if (!connection.appBaseUrl) return null;
	return `${connection.appBaseUrl}/editor/${encodeURIComponent(trintId)}`;
}

/**
 * An ID as one path segment: "/", "?", "#", "%" and spaces are encoded so the ID cannot reach
 * another path or add query parameters. IDs made only of dots are refused where the user enters
 * them (`requireLocator`): URL parsers resolve those as directory steps even when encoded.
 */
export function pathSegment(id: string): string {
	return encodeURIComponent(id);
}

export interface TrintRequest {
	method: IHttpRequestMethods;
	/** Path on the API host, e.g. `/transcripts/`; or on the upload or translation host. */
	path: string;
	host?: 'api' | 'upload' | 'translation';
	qs?: IDataObject;
	body?: IDataObject | Buffer | unknown;
	headers?: Record<string, string>;
	/** Defaults to idempotent for GET, PUT and DELETE; uploads are billed. */
	resend?: ResendPolicy;
	itemIndex?: number;
	timeoutMs?: number;
	/** Response as a stream (downloads). */
	stream?: boolean;
	/** Called before every attempt to produce the body afresh (streamed uploads). */
	bodyFactory?: () => Promise<unknown>;
	/** Status codes the caller handles itself instead of getting an error. */
	acceptStatuses?: number[];
	/**
	 * What the call does, for the advice after a failure: a non-idempotent call (upload, folder
	 * create) may have been carried out before the failure, so the advice is to check first.
	 */
	kind?: TrintCallKind;
}

/** Reads and idempotent writes may simply be repeated; uploads and folder creation may not. */
export type TrintCallKind = 'read' | 'upload' | 'folderCreate' | 'translationCreate' | 'liveStart' | 'pushStream';

const MAY_HAVE_ACTED: Record<Exclude<TrintCallKind, 'read'>, string> = {
	upload:
		'Trint may have received the file before the failure, so the node did not send it again. Check Trint (My Trints, or the Shared Drive and folder you chose) for the file before you upload it again, so that it is not transcribed and billed twice.',
	folderCreate:
		'Trint may have created the folder before the failure, so the node did not send it again. Check whether the folder exists (Folder → Get Many, or the Trint web app) before you create it again, so that there are not two.',
	translationCreate:
		'Trint may have started the translation before the failure, so the node did not send it again. Check Translation → Get Many for this transcript before you create it again.',
	liveStart:
		'Trint may have started the live transcript before the failure, so the node did not send it again. Check My Trints (or Live Transcript → Get Status) for a new live Trint before you start again; a stream key starts one live transcript only.',
	pushStream:
		'Trint may have created the push stream before the failure, so the node did not send it again. If this run has no stream key, create the push stream again; an unused key expires on its own.',
};

/** What to do after a failure where Trint may have acted on the request, by kind of call. */
export function afterPossibleProcessing(kind: TrintCallKind, readAdvice: string): string {
	return kind === 'read' ? readAdvice : MAY_HAVE_ACTED[kind];
}

function describeStatus(status: number, connection: TrintConnection, outcome: SendOutcome, kind: TrintCallKind): string {
	const account = connection.appBaseUrl ? `${connection.appBaseUrl}/account/api` : 'the Trint web app under Account → API';
	switch (status) {
		case 401: {
			const custom = connection.region === 'custom';
			const parts = [
				connection.emptyCredentialField
					? `The credential's "${connection.emptyCredentialField}" is empty. Paste it from where the key was created (Trint shows a secret only once; if it is lost, create a new key).`
					: '',
				connection.credentialType === 'trintApi'
					? 'Trint did not accept the Key ID and Key Secret, or the key has expired or been revoked.'
					: 'Trint did not accept the legacy API key, or it has expired or been revoked.',
				`Create a new key at ${account} and update the credential.`,
				connection.region === 'us' ? 'EU account (you sign in at app.eu.trint.com)? Set the credential\'s Region to EU.' : '',
				connection.region === 'eu' ? 'US account (you sign in at app.trint.com)? Set the credential\'s Region to US.' : '',
				custom
					? `The credential uses Region "Custom URLs" (${connection.apiBaseUrl}): check that the URLs lead to the Trint tenant the key was created on (keys from app.trint.com and app.eu.trint.com are not interchangeable), and that nothing in between drops the Authorization header.`
					: '',
				connection.legacyKeyLooksLikeKeyId
					? 'The legacy key field holds a Key ID (AK-...): use the "Trint API" credential with Key ID and Key Secret instead.'
					: '',
			];
			return parts.filter(Boolean).join(' ');
		}
		case 403:
			return 'The key has no access to this ID: the Trint, folder or Shared Drive does not exist, or the key\'s user cannot see it. Check the ID; ORGANIZATION keys see the account owner\'s Shared Drives.';
		case 404:
			return 'Trint has no such resource.';
		case 429:
			return `Trint is rate limiting this key; the request was retried ${outcome.rateLimitRetries} times after waiting as asked. Run the workflow later or space the requests out (for example Loop Over Items with a Wait node).`;
		case 400:
			return 'Trint rejected the request as invalid. Check the fields named in the message.';
		default:
			if (status >= 500) {
				// A 5xx does not say whether Trint acted before failing: a non-idempotent call is
				// checked, not repeated.
				return `Trint or a gateway in front of it failed${outcome.attempts > 1 ? ` on all ${outcome.attempts} attempts` : ''}. ${afterPossibleProcessing(kind, 'This is usually temporary: run the workflow again later.')}`;
			}
			return '';
	}
}

function describeNetwork(failure: HttpFailure, host: string, timeoutMs: number | undefined, kind: TrintCallKind = 'read'): { message: string; description: string } {
	const code = failure.networkCode ?? 'EUNKNOWN';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
		return {
			message: `Trint did not answer in time (${host})`,
			description: `No response within ${Math.round((timeoutMs ?? 0) / 1000)} s. ${afterPossibleProcessing(kind, 'Raise the "Timeout" option or try again later.')}${kind === 'read' ? '' : ' For large files, raise the "Timeout" option.'}`,
		};
	}
	if (code === 'ECONNREFUSED') {
		// Nothing reached Trint: even an upload may simply be run again.
		return { message: `Could not connect to Trint (${host}): connection refused`, description: 'Nothing reached Trint. Check the region or custom URL in the credential, and the network between n8n and Trint.' };
	}
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return {
			message: `The connection to Trint (${host}) broke off`,
			description: `The connection was closed before the answer was complete. ${afterPossibleProcessing(kind, 'Try again.')}${kind === 'read' ? '' : ' Uploads and folder creation are not repeated automatically.'}`,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return { message: `Could not find the Trint host ${host}`, description: 'The name does not resolve, so nothing reached Trint. Check the region or custom URL in the credential, and the network\'s name service.' };
	}
	if (code === 'ENOREPLAY') {
		return { message: 'The request could not be sent again', description: failure.networkMessage ?? '' };
	}
	// An unknown transport failure may have happened after the request arrived.
	const unknownAdvice = kind === 'read' ? '' : ` ${afterPossibleProcessing(kind, '')}`;
	return { message: `Could not reach Trint (${host}): ${code}`, description: `${failure.networkMessage ?? ''}${unknownAdvice}`.trim() };
}

/**
 * Sends a request to Trint with the chosen credential and returns a 2xx response (or one whose
 * status the caller accepts). Anything else becomes a NodeApiError with Trint's own text and a
 * hint the user can act on; no key or secret ever reaches the message.
 */
export async function trintRequest(ctx: TrintContext, request: TrintRequest): Promise<HttpResponse> {
	const connection = await getTrintConnection(ctx);
	const base = baseUrlFor(ctx, connection, request.host);
	const url = `${base}${request.path}`;
	const resend: ResendPolicy = request.resend ?? (request.method === 'POST' ? 'billed' : 'idempotent');
	// An upload is never a plain read, whichever operation sends it.
	const kind: TrintCallKind = request.kind ?? (request.host === 'upload' ? 'upload' : 'read');
	const outcome = await sendWithRetry(
		ctx,
		async () => {
			const body = request.bodyFactory ? await request.bodyFactory() : request.body;
			const options: IHttpRequestOptions = {
				method: request.method,
				url,
				qs: request.qs,
				headers: { accept: 'application/json', ...request.headers },
				timeout: request.timeoutMs,
			};
			if (body !== undefined) options.body = body as IDataObject;
			if (body !== undefined && !Buffer.isBuffer(body) && typeof body === 'object' && !('pipe' in (body as object))) {
				options.json = true;
			}
			if (request.stream) options.encoding = 'stream';
			return options;
		},
		{ credentialType: connection.credentialType, resend },
	);
	const host = new URL(url).host;
	if (!outcome.response) {
		const { message, description } = describeNetwork(outcome, host, request.timeoutMs, kind);
		throw buildApiError(ctx.getNode(), { message, description, itemIndex: request.itemIndex, secrets: connection.secrets });
	}
	const { response } = outcome;
	const status = response.statusCode;
	if ((status >= 200 && status < 300) || request.acceptStatuses?.includes(status)) return response;
	if (status >= 300 && status < 400) {
		const location = headerValue(response.headers, 'location') ?? '(no location)';
		throw buildApiError(ctx.getNode(), {
			message: `Trint answered with a redirect (HTTP ${status}) that the node does not follow`,
			description: `The request to ${host} was redirected to ${location}. Redirects are not followed because the credential would travel with them. Check the region or custom URL in the credential.`,
			httpCode: status,
			itemIndex: request.itemIndex,
			secrets: connection.secrets,
		});
	}
	const apiText = request.stream ? undefined : extractErrorText(response.body);
	throw buildApiError(ctx.getNode(), {
		message: `Trint: HTTP ${status}${apiText ? ` – ${apiText}` : ''}`,
		description: describeStatus(status, connection, outcome, kind),
		httpCode: status,
		itemIndex: request.itemIndex,
		secrets: connection.secrets,
	});
}

/**
 * A body that should be JSON, parsed; a clear error when it is not. `kind` says what the call
 * did: after a successful upload or folder creation the advice is to check, not to repeat.
 */
export function parseJsonBody(ctx: TrintContext, body: unknown, what: string, itemIndex?: number, kind: TrintCallKind = 'read'): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), `Trint sent an empty answer for ${what}`, {
			itemIndex,
			description: `Expected JSON. ${afterPossibleProcessing(kind, 'This is usually temporary: run the workflow again.')}`,
		});
	}
	try {
		return JSON.parse(text);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `Trint sent an answer for ${what} that is not valid JSON`, {
			itemIndex,
			description: `It began with: ${text.slice(0, 80)}${kind === 'read' ? '' : ` ${afterPossibleProcessing(kind, '')}`}`,
		});
	}
}

/** The answer of a list endpoint, which must be a JSON array. */
export function asArray(ctx: TrintContext, body: unknown, what: string, itemIndex?: number): IDataObject[] {
	const parsed = parseJsonBody(ctx, body, what, itemIndex);
	if (!Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `Trint sent ${parsed === null ? 'null' : typeof parsed} where a list of ${what} was expected`, {
			itemIndex,
			description: 'The answer was not a JSON array. Nothing was returned, so no item is lost silently; run the workflow again later.',
		});
	}
	return parsed as IDataObject[];
}

export interface ListAllOptions {
	returnAll: boolean;
	limit?: number;
	itemIndex?: number;
	timeoutMs?: number;
	/**
	 * A client-side filter: only the transcripts it keeps are returned and counted toward the
	 * limit. Pages are then always asked for at full size, and paging ends as usual.
	 */
	keep?: (entry: IDataObject) => boolean;
}

/**
 * Lists transcripts page by page with the largest page Trint allows. There is no total and no
 * cursor: a page shorter than asked (or empty) is the last one [modeled]. 2,500 transcripts take
 * 3 requests; 100,000 take 100 full pages and the empty one that marks the end.
 */
export async function listAllTranscripts(ctx: TrintContext, filter: IDataObject, options: ListAllOptions): Promise<IDataObject[]> {
	const wanted = options.returnAll ? Number.POSITIVE_INFINITY : Math.max(0, options.limit ?? 50);
	const results: IDataObject[] = [];
	const seenIds = new Set<string>();
	let skip = 0;
	while (results.length < wanted) {
		const pageSize = options.keep ? TRINT_MAX_PAGE_SIZE : Math.min(TRINT_MAX_PAGE_SIZE, wanted - results.length);
		const response = await trintRequest(ctx, {
			method: 'GET',
			path: '/transcripts/',
			qs: { ...filter, limit: pageSize, skip },
			itemIndex: options.itemIndex,
			timeoutMs: options.timeoutMs,
		});
		const page = asArray(ctx, response.body, 'transcripts', options.itemIndex);
		let fresh = 0;
		for (const entry of page) {
			if (results.length >= wanted) break;
			// A transcript created while paging shifts the newest-first list by one, so the
			// next page repeats an entry: each ID is output once.
			const id = idOf(entry);
			if (id) {
				if (seenIds.has(id)) continue;
				seenIds.add(id);
			}
			fresh++;
			if (options.keep && !options.keep(entry)) continue;
			results.push(entry);
		}
		if (page.length < pageSize || results.length >= wanted) break;
		if (fresh === 0) {
			// A full page of nothing new: the server ignores `skip`. Stop instead of looping.
			throw new NodeOperationError(ctx.getNode(), `Trint sent the same transcripts again for skip=${skip}`, {
				itemIndex: options.itemIndex,
				description: `After ${results.length} transcripts a full page held only transcripts already listed, so the list cannot be completed. Nothing was returned, so no item is duplicated or lost silently; run the workflow again later, or use Limit.`,
			});
		}
		// A page longer than asked for (a server ignoring `limit`) is taken whole and skipped past.
		skip += page.length;
	}
	return results;
}

/**
 * A filter for the personal list by folder: Trint's `folderId` query needs a Shared Drive, so a
 * personal folder is matched on each item's `folderId` [modeled].
 */
export function inPersonalFolder(folderId: string): (entry: IDataObject) => boolean {
	return (entry) => entry.folderId === folderId;
}

/** IDs of folders and drives come as `_id`, of transcripts as `id` [observed]. */
export function idOf(entry: IDataObject): string {
	return String(entry.id ?? entry._id ?? '');
}

/** What waiting for a transcript's export looks like to the caller. */
export type ExportOutcome =
	| { kind: 'notReady' }
	| { kind: 'json'; data: IDataObject }
	| { kind: 'link'; title?: string; url: string }
	| { kind: 'inline'; body: Buffer; contentType?: string };

/**
 * Asks Trint for an export. A 404 while a Trint is transcribing means "not ready yet" [modeled]
 * and is returned as such; the JSON format arrives inline, every other format as a temporary
 * link [observed]. A body that is neither JSON nor a link is taken as the file itself.
 */
export async function requestExport(
	ctx: TrintContext,
	path: string,
	qs: IDataObject,
	itemIndex: number,
	timeoutMs?: number,
): Promise<ExportOutcome> {
	const response = await trintRequest(ctx, { method: 'GET', path, qs, itemIndex, timeoutMs, acceptStatuses: [404] });
	if (response.statusCode === 404) return { kind: 'notReady' };
	let body = response.body;
	const contentType = headerValue(response.headers, 'content-type');
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
		try {
			body = JSON.parse(text);
		} catch {
			return { kind: 'inline', body: Buffer.isBuffer(body) ? body : Buffer.from(text, 'utf8'), contentType };
		}
	}
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const record = body as IDataObject;
		if (typeof record.url === 'string' && record.url) {
			return { kind: 'link', title: typeof record.title === 'string' ? record.title : undefined, url: record.url };
		}
		return { kind: 'json', data: record };
	}
	return { kind: 'inline', body: Buffer.from(JSON.stringify(body)), contentType };
}

/**
 * Fetches a temporary export link. The link points at cloud storage, not at Trint, so it is
 * fetched without any Trint credential: storage would reject a second auth scheme and the key
 * must not travel to a third party. Redirects are not followed for the same reason.
 */
export async function downloadExportLink(ctx: IExecuteFunctions, url: string, itemIndex: number, timeoutMs?: number): Promise<HttpResponse> {
	const connection = await getTrintConnection(ctx);
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'Trint sent an export link that is not a URL', { itemIndex, description: url.slice(0, 120) });
	}
	const outcome = await sendWithRetry(
		ctx,
		async () => ({ method: 'GET', url: target.href, encoding: 'stream', timeout: timeoutMs }),
		{ resend: 'idempotent' },
	);
	if (!outcome.response) {
		const { message, description } = describeNetwork(outcome, target.host, timeoutMs);
		throw buildApiError(ctx.getNode(), { message: message.replace('Trint', 'The export link'), description, itemIndex, secrets: connection.secrets });
	}
	const status = outcome.response.statusCode;
	if (status >= 200 && status < 300) return outcome.response;
	await drain(outcome.response.body);
	const expired = status === 403 || status === 410;
	throw buildApiError(ctx.getNode(), {
		message: `Downloading the export failed: HTTP ${status}`,
		description: expired
			? 'The temporary export link was refused, most likely because it expired. Export again; the node fetches the link right away, so this happens only after long pauses.'
			: `The storage host ${target.host} refused the download.`,
		httpCode: status,
		itemIndex,
		secrets: connection.secrets,
	});
}

async function drain(body: unknown): Promise<void> {
	const stream = body as { resume?: () => void; destroy?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}

/** Webhook events Trint can send [documented]. */
export const TRINT_EVENTS = ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED', 'TRANSCRIPT_NEW_VERSION'] as const;

/** Registers (or replaces the events of) a callback URL. */
export async function registerCallback(ctx: TrintContext, callbackUrl: string, events: string[]): Promise<void> {
	await trintRequest(ctx, {
		method: 'PUT',
		path: '/callbacks/transcript/',
		body: { callbackUrl, callbackSubscriptions: events },
	});
}

/** Removes a callback URL. False when Trint did not know it (404 counts as already removed). */
export async function removeCallback(ctx: TrintContext, callbackUrl: string): Promise<boolean> {
	const response = await trintRequest(ctx, {
		method: 'DELETE',
		path: '/callbacks/transcript/',
		body: { callbackUrl },
		acceptStatuses: [404],
	});
	return response.statusCode !== 404;
}
