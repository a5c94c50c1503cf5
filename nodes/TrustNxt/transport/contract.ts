/**
 * What the TrustNXT node relies on about the API. TrustNXT publishes how keys work and that
 * Protect and Inspect are billed per call, but not its REST paths or bodies: everything marked
 * [modeled] is this pack's assumption, kept in this folder and nowhere else, so a correction
 * learned from a real account changes the transport only.
 *
 * Wire facts
 * - Host: the credential's "Base URL", by default the origin in `TRUSTNXT_DEFAULT_BASE_URL`
 *   [modeled]. Paths are appended to it, so a gateway may add a path prefix.
 * - Keys: the credential sends `X-API-Key`, and `X-API-Secret` only when a secret is set. Live
 *   keys start with `tnxt_live_` [documented]; other keys are accepted and only warned about.
 * - `GET /v1/usage` [modeled]: free. JSON `{ period: { start, end }, protectCalls, inspectCalls,
 *   limit: { protectCalls, inspectCalls } }`; a null or absent limit means none.
 * - `POST /v1/protect` [modeled]: billed. multipart/form-data with an optional `metadata` part
 *   (JSON `{ title, creator, doNotTrain }`, only the fields set) before the `file` part (the bytes,
 *   with file name and content type). The answer's body is the protected file itself; its id
 *   comes in the `X-TrustNXT-Asset-Id` header.
 * - `POST /v1/inspect` [modeled]: billed. multipart/form-data with the `file` part only. The
 *   answer is a JSON report: `verdict` (see `VERDICTS`), `assetId`, `summary` (`hasCredentials`,
 *   `signer { commonName | name, issuer, time, alg }`, `claimGenerator`, `assertions`,
 *   `failures`) and the C2PA `manifestStore`, whose failures explain the summary's codes. The
 *   report is read defensively: any field may be missing.
 * - Statuses [modeled]: 400 malformed request; 401 key (or key and secret) not accepted; 403
 *   key not allowed this operation; 402 the billing period's usage limit is used up; 413 file
 *   over the plan's size limit; 415 media type not supported; 429 rate limited, with
 *   Retry-After, and not processed; 503 with Retry-After not processed either; any other 5xx
 *   may have been processed.
 * - Billing: a Protect or Inspect call that may have reached processing may have been billed,
 *   so it is sent again only where TrustNXT provably did not process it: a 429, a refused
 *   connection, or a 503 with Retry-After. Limits reset with the billing period (monthly).
 */
import { TRUSTNXT_DEFAULT_BASE_URL } from '../../../credentials/trustNxtBaseUrl';

export const CREDENTIAL_TYPE = 'trustNxtApi';

/** [modeled] The real host is not public; the credential's Base URL overrides it. */
export const DEFAULT_BASE_URL = TRUSTNXT_DEFAULT_BASE_URL;

/** [modeled] Paths relative to the Base URL. */
export const PATHS = {
	usage: '/v1/usage',
	protect: '/v1/protect',
	inspect: '/v1/inspect',
} as const;

/** [modeled] multipart part names. */
export const FILE_PART = 'file';
export const METADATA_PART = 'metadata';

/** [modeled] Header carrying the id of a protected asset. */
export const ASSET_ID_HEADER = 'x-trustnxt-asset-id';

/** [modeled from observed library support] What Protect and Inspect accept. */
export const SUPPORTED_MEDIA = 'JPEG, PNG, HEIC/HEIF, AVIF, MP3 and MP4';

/** [modeled] Inspect's verdicts and what each means, in the words the node outputs. */
export const VERDICTS: Record<string, string> = {
	trusted: 'The Trust Label is intact and its signer chains to a trusted root',
	valid: 'The Trust Label is intact, but its signer is not on the trust list',
	invalid: 'A check failed: the file or its Trust Label changed after signing, or the label is damaged',
	no_credentials: 'The file carries no Trust Label',
};

/** [documented] How TrustNXT's live keys begin. */
export const KEY_PREFIX = 'tnxt_live_';

/** Where keys are created and managed. */
export const KEYS_PAGE = 'https://developer.trustnxt.com/docs/api-keys';

/** The calls the node makes; Protect and Inspect are billed, Usage is free. */
export type Operation = 'protect' | 'inspect' | 'usage';
