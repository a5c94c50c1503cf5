/**
 * The one place the Trint nodes talk HTTP: this file holds the credential, the connection and the
 * advice after each kind of failure; one file per API area beside it holds that area's calls
 * (transcripts, upload, exports, folders, sharedDrives, callbacks, translation, realtime,
 * urlSource). The wire facts they rely on, and which of them this pack had to assume
 * ([modeled]), are written down in docs/trint-wire.md, so a correction learned from a real
 * account changes one function. The hosts per region are in the credentials' region table,
 * which the credential test reads too. Sending, retrying, refusing redirects and reading JSON
 * are the shared client core's (nodes/shared/client.ts).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TRINT_HOSTS } from '../../../credentials/trintRegion';
import type { FailureText } from '../../shared/client';
import { defaultResend, describeNetworkFailure, describeRedirect, normaliseBaseUrl, parseJsonAnswer, perRunConnection, sendApiCall } from '../../shared/client';
import type { HttpFailure } from '../../shared/errors';
import { statusFailure } from '../../shared/errors';
import type { HttpResponse, ResendPolicy, SendOutcome } from '../../shared/request';

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

/** Translation hosts [documented] for US; EU [modeled] on the rule that EU hosts are `*.eu.trint.com`. */
export const TRANSLATION_HOSTS = { us: TRINT_HOSTS.us.translation, eu: TRINT_HOSTS.eu.translation };

function readAuthentication(ctx: TrintContext): TrintAuthentication {
	const value =
		'getInputData' in ctx
			? (ctx as IExecuteFunctions).getNodeParameter('authentication', 0, 'keyAndSecret')
			: (ctx as ILoadOptionsFunctions).getNodeParameter('authentication', 'keyAndSecret');
	return value === 'legacyKey' ? 'legacyKey' : 'keyAndSecret';
}

/** A URL of Region "Custom URLs", checked and without trailing slashes. */
function customBaseUrl(raw: unknown, field: string, ctx: TrintContext): string {
	return normaliseBaseUrl(ctx, raw, {
		api: 'Trint',
		field,
		notAUrl: (text) => `With Region "Custom URLs", "${field}" must be an absolute URL such as ${TRINT_HOSTS.us.api}. It is "${text || '(empty)'}".`,
		schemeRule: 'must use http or https',
	}).baseUrl;
}

async function readTrintConnection(ctx: TrintContext): Promise<TrintConnection> {
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
		const apiBaseUrl = customBaseUrl(credentials.apiBaseUrl, 'API Base URL', ctx);
		const uploadBaseUrl = customBaseUrl(credentials.uploadBaseUrl || credentials.apiBaseUrl, 'Upload Base URL', ctx);
		const webApp = String(credentials.webAppUrl ?? '').trim();
		const appBaseUrl = webApp ? customBaseUrl(webApp, 'Web App URL', ctx) : undefined;
		connection = { credentialType, region, apiBaseUrl, uploadBaseUrl, appBaseUrl, secrets, legacyKeyLooksLikeKeyId, emptyCredentialField };
	} else {
		const hosts = TRINT_HOSTS[region];
		connection = { credentialType, region, apiBaseUrl: hosts.api, uploadBaseUrl: hosts.upload, appBaseUrl: hosts.app, secrets, legacyKeyLooksLikeKeyId, emptyCredentialField };
	}
	connection.translationBaseUrl = translationOverride
		? customBaseUrl(translationOverride, 'Translation Base URL', ctx)
		: region === 'custom'
			? undefined
			: TRANSLATION_HOSTS[region];
	return connection;
}

/** Reads the chosen credential once per node run: which type, which hosts, which secrets. */
export async function getTrintConnection(ctx: TrintContext): Promise<TrintConnection> {
	return await perRunConnection(ctx, 'trint', async () => await readTrintConnection(ctx));
}

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
			description: `With Region "Custom URLs", set "Translation Base URL" in the credential to the origin that serves Trint's translation API (for Trint itself: ${TRINT_HOSTS.us.translation}).`,
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

/** A Trint request (or an export link fetch) that got no HTTP answer, with advice by kind of call. */
export function describeNetwork(failure: HttpFailure, host: string, timeoutMs: number | undefined, kind: TrintCallKind = 'read'): FailureText {
	const read = kind === 'read';
	return describeNetworkFailure('Trint', failure, host, {
		timeout: `No response within ${Math.round((timeoutMs ?? 0) / 1000)} s. ${afterPossibleProcessing(kind, 'Raise the "Timeout" option or try again later.')}${read ? '' : ' For large files, raise the "Timeout" option.'}`,
		// Nothing reached Trint: even an upload may simply be run again.
		refused: 'Nothing reached Trint. Check the region or custom URL in the credential, and the network between n8n and Trint.',
		reset: `The connection was closed before the answer was complete. ${afterPossibleProcessing(kind, 'Try again.')}${read ? '' : ' Uploads and folder creation are not repeated automatically.'}`,
		notFound: 'The name does not resolve, so nothing reached Trint. Check the region or custom URL in the credential, and the network\'s name service.',
		mayHaveActed: afterPossibleProcessing(kind, ''),
	});
}

/**
 * Sends a request to Trint with the chosen credential and returns a 2xx response (or one whose
 * status the caller accepts). Anything else becomes a NodeApiError with Trint's own text and a
 * hint the user can act on; no key or secret ever reaches the message.
 */
export async function trintRequest(ctx: TrintContext, request: TrintRequest): Promise<HttpResponse> {
	const connection = await getTrintConnection(ctx);
	const base = baseUrlFor(ctx, connection, request.host);
	// An upload is never a plain read, whichever operation sends it.
	const kind: TrintCallKind = request.kind ?? (request.host === 'upload' ? 'upload' : 'read');
	const { bodyFactory } = request;
	return await sendApiCall(ctx, {
		connection,
		method: request.method,
		url: `${base}${request.path}`,
		qs: request.qs,
		headers: { accept: 'application/json', ...request.headers },
		timeoutMs: request.timeoutMs,
		body: request.body,
		openBody: bodyFactory ? async () => ({ body: await bodyFactory() }) : undefined,
		streamed: request.stream,
		resend: request.resend ?? defaultResend(request.method),
		acceptStatuses: request.acceptStatuses,
		itemIndex: request.itemIndex,
		advice: {
			network: (failure, host) => describeNetwork(failure, host, request.timeoutMs, kind),
			redirect: (status, host, location) =>
				describeRedirect('Trint', status, host, location, 'the credential', 'Check the region or custom URL in the credential.'),
			// The headline stays the node's own; Trint's words go in the description (errors.ts).
			status: (status, apiText, outcome) => statusFailure('Trint', status, apiText, describeStatus(status, connection, outcome, kind)),
		},
	});
}

/**
 * A body that should be JSON, parsed; a clear error when it is not. `kind` says what the call
 * did: after a successful upload or folder creation the advice is to check, not to repeat.
 */
export function parseJsonBody(ctx: TrintContext, body: unknown, what: string, itemIndex?: number, kind: TrintCallKind = 'read'): unknown {
	return parseJsonAnswer(body, (problem) =>
		problem.kind === 'empty'
			? new NodeOperationError(ctx.getNode(), `Trint sent an empty answer for ${what}`, {
					itemIndex,
					description: `Expected JSON. ${afterPossibleProcessing(kind, 'This is usually temporary: run the workflow again.')}`,
				})
			: new NodeOperationError(ctx.getNode(), `Trint sent an answer for ${what} that is not valid JSON`, {
					itemIndex,
					description: `It began with: ${problem.start}${kind === 'read' ? '' : ` ${afterPossibleProcessing(kind, '')}`}`,
				}),
	);
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
