import type {
	IDataObject,
	IDisplayOptions,
	IHookFunctions,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { simplifyField } from './actions/fields';
import { fetchTranscriptJson } from './helpers/exportWhenReady';
import { simplifyTranscript } from './helpers/simplifyTranscript';
import { registerCallback, removeCallback, TRINT_EVENTS } from './transport/callbacks';
import {
	hideToken,
	MIN_CUSTOM_TOKEN_LENGTH,
	newToken,
	tokenFromQuery,
	tokenOf,
	tokensMatch,
	withoutToken,
	withToken,
} from './trigger/callbackToken';
import { authenticationProperty, trintCredentials } from './authentication';

// Manual setup makes no calls to Trint, so a credential is needed only for automatic setup and
// for Include Transcript. n8n's display rules cannot say "automatic OR Include Transcript" (show
// conditions must all match, any hide condition hides), so the credential is offered always and
// required never; the node names what is missing when a step needs it.
const triggerCredentials = trintCredentials.map((credential) => ({ ...credential, required: false }));

function credentialTypeOf(ctx: IHookFunctions | IWebhookFunctions): string {
	return ctx.getNodeParameter('authentication', 'keyAndSecret') === 'legacyKey' ? 'trintLegacyApi' : 'trintApi';
}

/** Why a call to Trint cannot be made, or '' when the node has a credential of the chosen type. */
function missingCredential(ctx: IHookFunctions | IWebhookFunctions, purpose: string): string {
	if (ctx.getNode().credentials?.[credentialTypeOf(ctx)]) return '';
	return `${purpose} calls the Trint API, so it needs a Trint credential: choose one under "Credential to connect with"`;
}

/** What the trigger keeps in the workflow's static data about its registration with Trint. */
interface Registration {
	/** The URL registered last, token included: Trint has no list endpoint to ask instead. */
	callbackUrl?: string;
	events?: string[];
	tokenSource?: 'random' | 'custom';
}

type TokenSource = 'random' | 'custom';

const EVENT_OPTIONS = [
	{ name: 'Transcript Complete', value: 'TRANSCRIPT_COMPLETE', description: 'An uploaded file has finished transcribing' },
	{ name: 'Transcript New Version', value: 'TRANSCRIPT_NEW_VERSION', description: 'A new version of a transcript exists (Trint beta; also for transcripts shared with you)' },
	{ name: 'Transcript Verified', value: 'TRANSCRIPT_VERIFIED', description: 'A transcript was fully verified in the editor (also for transcripts shared with you)' },
];

/** How long fetching the transcript may wait for Trint's export to become available. */
const FETCH_WAIT = { pollIntervalSeconds: 10, maxWaitMinutes: 1 };
const FETCH_TIMEOUT_MS = 60_000;

function isManualSetup(ctx: IHookFunctions | IWebhookFunctions): boolean {
	return ctx.getNodeParameter('registration', 'api') === 'manual';
}

function chosenEvents(ctx: IHookFunctions | IWebhookFunctions): string[] {
	const value = ctx.getNodeParameter('events', []) as unknown;
	const list = Array.isArray(value) ? value.map(String) : [];
	return [...new Set(list)].filter((event) => (TRINT_EVENTS as readonly string[]).includes(event)).sort();
}

function tokenSource(ctx: IHookFunctions | IWebhookFunctions): TokenSource {
	if (isManualSetup(ctx)) return 'custom';
	return ctx.getNodeParameter('tokenSource', 'random') === 'custom' ? 'custom' : 'random';
}

function customToken(ctx: IHookFunctions | IWebhookFunctions): string {
	return String(ctx.getNodeParameter('token', '') ?? '').trim();
}

function readRegistration(ctx: IHookFunctions | IWebhookFunctions): Registration {
	return ctx.getWorkflowStaticData('node') as Registration;
}

function requireCustomToken(ctx: IHookFunctions): string {
	const token = customToken(ctx);
	if (token.length < MIN_CUSTOM_TOKEN_LENGTH) {
		throw new NodeOperationError(ctx.getNode(), `"Secret Token" must be at least ${MIN_CUSTOM_TOKEN_LENGTH} characters long`, {
			description: 'Anyone who guesses the token can start this workflow. Use a long random value, for example from a password generator.',
		});
	}
	return token;
}

function webhookUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for the Trint Trigger');
	}
	return url;
}

function sameEvents(a: string[] | undefined, b: string[]): boolean {
	const left = [...(a ?? [])].sort();
	return left.length === b.length && left.every((event, index) => event === b[index]);
}

/** Errors from Trint that might quote the URL must not carry the token into n8n's records. */
function withoutTokenInError(error: unknown, token: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.message = hideToken(error.message, token);
		if (error.description) error.description = hideToken(error.description, token);
	}
	return error;
}

/** The token an incoming call must carry, or '' when no call can be accepted. */
function expectedToken(ctx: IWebhookFunctions): string {
	if (isManualSetup(ctx)) return customToken(ctx);
	const registered = tokenOf(readRegistration(ctx).callbackUrl);
	if (registered) return registered;
	// Nothing recorded (static data lost): a token the user chose is still known.
	return tokenSource(ctx) === 'custom' ? customToken(ctx) : '';
}

/**
 * The "Secret Token" field: the same parameter under two setups (manual, or automatic with a
 * token of the user's own), each with the wording that fits it.
 */
function secretTokenField(description: string, show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Secret Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'at least 16 characters',
		description,
		hint: 'Required, at least 16 characters: until it is filled, "Execute step" stays disabled',
		displayOptions: { show },
	};
}

export class TrintTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Trint Trigger',
		name: 'trintTrigger',
		icon: { light: 'file:../../icons/trint.svg', dark: 'file:../../icons/trint.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["registration"] === "manual" ? "Manual setup" : "Automatic setup" }}',
		// n8n's node creator merges this trigger into the Trint node's entry and shows the trigger's
		// description there, so it leads with what the Trint node does.
		description:
			'Upload media to Trint for transcription, export transcripts, and browse transcripts, folders and Shared Drives; the trigger starts a workflow when Trint finishes, verifies or updates a transcript',
		defaults: { name: 'Trint Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: triggerCredentials,
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		triggerPanel: {
			header: '',
			executionsHelp: {
				inactive:
					'<b>While building</b>, click "Execute step" (or "Test this trigger"; "Test step" in n8n 1.x): with automatic setup the node registers n8n\'s test URL with Trint until the first event arrives, then removes it. Upload a file to Trint (or wait for an event) to see the data here.<br /><br /><b>To run automatically</b>, publish the workflow: the production URL is registered with Trint, and removed again when the workflow is deactivated.',
				active:
					'<b>While building</b>, click "Execute step" (or "Test this trigger"; "Test step" in n8n 1.x): with automatic setup the node registers n8n\'s test URL with Trint until the first event arrives, then removes it.<br /><br /><b>The workflow is active</b>: Trint calls the production URL, and the runs appear in the <a data-key="executions">executions list</a>.',
			},
			activationHint: 'Once the workflow is published, Trint calls it on its own; there is no need to listen here.',
		},
		properties: [
			authenticationProperty,
			{
				displayName: 'Webhook Setup',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Automatic (via the Trint API)',
						value: 'api',
						description: 'Register n8n\'s URL with Trint when the workflow is activated and remove it when it is deactivated',
					},
					{
						name: 'Manual (in the Trint Web App)',
						value: 'manual',
						description: 'You paste the URL at app.trint.com/account/api yourself; n8n makes no registration calls',
					},
				],
				default: 'api',
			},
			{
				// n8n renders only links and lists in a notice: the steps are a list, with no other markup.
				displayName:
					'Manual setup: n8n makes no calls to Trint, so no credential is needed unless Include Transcript is on.<ul><li>In Trint open Account → API: <a href="https://app.trint.com/account/api" target="_blank">app.trint.com/account/api</a> (EU accounts: <a href="https://app.eu.trint.com/account/api" target="_blank">app.eu.trint.com/account/api</a>).</li><li>Set the callback URL to the Production URL under "Webhook URLs" above, followed by ?token= and the Secret Token below. Choose the same events there.</li><li>To try it, put the Test URL (with the same ?token=) in Trint instead, click "Execute step" here, and switch back afterwards.</li></ul>',
				name: 'manualSetupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
				default: ['TRANSCRIPT_COMPLETE'],
				description: 'The Trint events that start the workflow. Other events are acknowledged and dropped.',
			},
			{
				displayName: 'Secret Token Source',
				name: 'tokenSource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Generate Automatically',
						value: 'random',
						description:
							'The node makes a random token when it first registers with Trint, and a new one whenever the n8n URL or this choice changes or the workflow was deactivated; when only the events change, the token is kept',
					},
					{
						name: 'Set My Own',
						value: 'custom',
						description: 'The token you enter below, kept across activations',
					},
				],
				default: 'random',
				description: 'Where the secret token comes from. Trint does not sign its calls: the URL registered with Trint carries this token, and calls without it are refused.',
				displayOptions: { show: { registration: ['api'] } },
			},
			secretTokenField(
				'The token you put after ?token= in the callback URL in Trint. Calls without it are answered 401 and start nothing.',
				{ registration: ['manual'] },
			),
			secretTokenField('Added to the URL registered with Trint as ?token=…. Calls without it are answered 401 and start nothing.', {
				registration: ['api'],
				tokenSource: ['custom'],
			}),
			{
				displayName: 'Include Transcript',
				name: 'fetchTranscript',
				type: 'boolean',
				default: false,
				description: 'Whether to also fetch the transcript (JSON export) on each event, so the next node has the text. Needs a Trint credential, also with manual setup.',
			},
			simplifyField({ displayOptions: { show: { fetchTranscript: [true] } } }),
		],
	};

	webhookMethods = {
		default: {
			/**
			 * Trint cannot be asked what is registered, so the answer comes from what this node
			 * recorded: the same n8n URL, events and kind of token means it is still in place.
			 * Anything else (nothing recorded, URL or events changed) lets create() register anew.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (isManualSetup(this)) return true;
				const registration = readRegistration(this);
				if (!registration.callbackUrl) return false;
				const source = tokenSource(this);
				if (withoutToken(registration.callbackUrl) !== withoutToken(webhookUrlOf(this))) return false;
				if (!sameEvents(registration.events, chosenEvents(this))) return false;
				if (registration.tokenSource !== source) return false;
				if (source === 'custom' && tokenOf(registration.callbackUrl) !== requireCustomToken(this)) return false;
				return true;
			},

			/**
			 * Registers n8n's URL, with the token, for the chosen events. A URL registered earlier
			 * under another address or token is removed first, so Trint never keeps a stale or a
			 * second registration for this trigger.
			 */
			async create(this: IHookFunctions): Promise<boolean> {
				if (isManualSetup(this)) return true;
				const missing = missingCredential(this, 'Automatic setup');
				if (missing) {
					throw new NodeOperationError(this.getNode(), 'No Trint credential selected', { description: `${missing}, or switch "Webhook Setup" to Manual.` });
				}
				const events = chosenEvents(this);
				if (!events.length) {
					throw new NodeOperationError(this.getNode(), 'Choose at least one event', {
						description: 'The Trint Trigger needs at least one event in "Events" to register with Trint.',
					});
				}
				const registration = readRegistration(this);
				const previousUrl = registration.callbackUrl;
				const source = tokenSource(this);
				const baseUrl = webhookUrlOf(this);
				let token: string;
				if (source === 'custom') {
					token = requireCustomToken(this);
				} else {
					// Same n8n URL and a random token already in place (only the events changed): keep it.
					const reusable = previousUrl && registration.tokenSource === 'random' && withoutToken(previousUrl) === withoutToken(baseUrl);
					token = reusable ? tokenOf(previousUrl) || newToken() : newToken();
				}
				const callbackUrl = withToken(baseUrl, token);

				if (previousUrl && previousUrl !== callbackUrl) {
					try {
						await removeCallback(this, previousUrl);
					} catch (error) {
						throw withoutTokenInError(withoutTokenInError(error, tokenOf(previousUrl)), token);
					}
					delete registration.callbackUrl;
					delete registration.events;
					delete registration.tokenSource;
				}
				try {
					await registerCallback(this, callbackUrl, events);
				} catch (error) {
					throw withoutTokenInError(error, token);
				}
				registration.callbackUrl = callbackUrl;
				registration.events = events;
				registration.tokenSource = source;
				return true;
			},

			/** Removes the registered URL; Trint not knowing it (404) counts as removed. */
			async delete(this: IHookFunctions): Promise<boolean> {
				if (isManualSetup(this)) return true;
				const registration = readRegistration(this);
				const callbackUrl = registration.callbackUrl;
				if (!callbackUrl) return true;
				const missing = missingCredential(this, 'Removing the URL registered with Trint');
				if (missing) throw new NodeOperationError(this.getNode(), 'No Trint credential selected', { description: `${missing}.` });
				try {
					await removeCallback(this, callbackUrl);
				} catch (error) {
					// Kept in static data: the next activation removes it before registering again.
					throw withoutTokenInError(error, tokenOf(callbackUrl));
				}
				delete registration.callbackUrl;
				delete registration.events;
				delete registration.tokenSource;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();

		if (!tokensMatch(tokenFromQuery(request.query), expectedToken(this))) {
			response.status(401).json({ message: 'Unauthorized: this URL needs its secret token' });
			return { noWebhookResponse: true };
		}

		const body = this.getBodyData();
		const eventType = body && typeof body === 'object' ? body.eventType : undefined;
		if (typeof eventType !== 'string' || !eventType) {
			response.status(400).json({ message: 'Expected a Trint event: a JSON object with "eventType"' });
			return { noWebhookResponse: true };
		}
		if (!chosenEvents(this).includes(eventType)) {
			// Trint gets its 200; the workflow only runs for the events chosen in the node.
			return { webhookResponse: { received: true, ignored: true } };
		}

		const item: IDataObject = { ...body };
		const fetchTranscript = this.getNodeParameter('fetchTranscript', false) as boolean;
		const transcriptId = typeof body.transcriptId === 'string' ? body.transcriptId : '';
		if (!fetchTranscript || !transcriptId) {
			return { workflowData: [[{ json: item }]] };
		}

		// Trint is answered before the export is fetched, so a slow export never makes it wait.
		response.status(200).json({ received: true });
		const missing = missingCredential(this, 'Include Transcript');
		if (missing) {
			item.transcriptError = { message: 'No Trint credential selected', description: `${missing}, or turn Include Transcript off.` };
			return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
		}
		try {
			const data = await fetchTranscriptJson(this, transcriptId, 0, FETCH_WAIT, FETCH_TIMEOUT_MS);
			const simplify = this.getNodeParameter('simplify', true) as boolean;
			item.transcript = simplify ? simplifyTranscript(transcriptId, data) : { trintId: transcriptId, ...data };
		} catch (error) {
			// The event itself is not lost: the run starts with the payload and says why the text is missing.
			const failure = error as NodeApiError | NodeOperationError;
			item.transcriptError = {
				message: failure.message,
				...(failure.description ? { description: failure.description } : {}),
				...((failure as NodeApiError).httpCode ? { httpCode: (failure as NodeApiError).httpCode } : {}),
			};
		}
		return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
	}
}
