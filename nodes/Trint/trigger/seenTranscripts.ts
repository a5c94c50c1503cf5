/**
 * What the polling trigger remembers between polls, and how one listing changes it. Pure logic
 * (no n8n, no HTTP), so every rule is tested on its own:
 *
 * - The first poll of a scope (and the first after the scope changed) only records what exists,
 *   so activating the trigger does not flood the workflow with the account's whole history.
 * - Later polls report the IDs not recorded before, once each, and record them.
 * - Trint's list has no documented order, so nothing here depends on one.
 * - Transcripts removed from Trint are forgotten, but only after a listing that was read to its
 *   end missed them several times in a row: a page cut short, or an item that slipped between
 *   two pages while the list changed, must not make a known transcript look new later.
 * - The record is bounded: past `maxSeen` IDs, the ones recorded longest ago are dropped first.
 */

export const SEEN_STATE_VERSION = 1;

/** Complete listings in a row that must miss an ID before it is forgotten. */
export const DEFAULT_PRUNE_AFTER_MISSES = 3;

export interface SeenState {
	version: number;
	/** Which list the IDs belong to: credential, Shared Drive, folder. A new scope starts afresh. */
	scope: string;
	/** IDs in the order they were recorded, oldest first. */
	seen: string[];
	/** IDs missing from the last complete listings, with how many of those missed them. */
	missing: Record<string, number>;
}

export interface Listing {
	/** IDs as listed; duplicates (an item shifted between pages) are ignored. */
	ids: string[];
	/** True when every page was read to the end, so an ID not listed is really gone. */
	complete: boolean;
}

export interface SeenOptions {
	scope: string;
	maxSeen: number;
	pruneAfterMisses?: number;
}

export interface SeenOutcome {
	state: SeenState;
	/** IDs seen for the first time, in listing order. Empty on the recording (first) poll. */
	newIds: string[];
	/** True when this poll only recorded the listing (first poll, or a changed scope). */
	recordedOnly: boolean;
	/** IDs forgotten because they were no longer listed, or to keep the record bounded. */
	forgotten: string[];
}

/** The stored state if it is one this code wrote; anything else counts as no state. */
export function readSeenState(raw: unknown): SeenState | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const record = raw as Record<string, unknown>;
	if (record.version !== SEEN_STATE_VERSION || typeof record.scope !== 'string' || !Array.isArray(record.seen)) return undefined;
	const seen = record.seen.filter((id): id is string => typeof id === 'string' && id !== '');
	const missing: Record<string, number> = {};
	if (record.missing && typeof record.missing === 'object') {
		for (const [id, count] of Object.entries(record.missing as Record<string, unknown>)) {
			if (typeof count === 'number' && count > 0) missing[id] = count;
		}
	}
	return { version: SEEN_STATE_VERSION, scope: record.scope, seen, missing };
}

function unique(ids: string[]): string[] {
	const result: string[] = [];
	const taken = new Set<string>();
	for (const id of ids) {
		if (!id || taken.has(id)) continue;
		taken.add(id);
		result.push(id);
	}
	return result;
}

/** Applies one listing to the state: what is new, what to remember, what to forget. */
export function applyListing(previous: SeenState | undefined, listing: Listing, options: SeenOptions): SeenOutcome {
	const maxSeen = Math.max(1, Math.floor(options.maxSeen));
	const pruneAfter = Math.max(1, Math.floor(options.pruneAfterMisses ?? DEFAULT_PRUNE_AFTER_MISSES));
	const listed = unique(listing.ids);

	if (!previous || previous.version !== SEEN_STATE_VERSION || previous.scope !== options.scope) {
		const seen = listed.length > maxSeen ? listed.slice(listed.length - maxSeen) : listed;
		return {
			state: { version: SEEN_STATE_VERSION, scope: options.scope, seen, missing: {} },
			newIds: [],
			recordedOnly: true,
			forgotten: [],
		};
	}

	const known = new Set(previous.seen);
	const newIds = listed.filter((id) => !known.has(id));
	let seen = [...previous.seen, ...newIds];
	const missing: Record<string, number> = {};
	const forgotten: string[] = [];
	const listedSet = new Set(listed);

	if (listing.complete) {
		const kept: string[] = [];
		for (const id of seen) {
			if (listedSet.has(id)) {
				kept.push(id);
				continue;
			}
			const misses = (previous.missing[id] ?? 0) + 1;
			if (misses >= pruneAfter) {
				forgotten.push(id);
			} else {
				missing[id] = misses;
				kept.push(id);
			}
		}
		seen = kept;
	} else {
		// A partial listing proves nothing about absence: keep the counts, except for IDs seen again.
		for (const [id, misses] of Object.entries(previous.missing)) {
			if (!listedSet.has(id)) missing[id] = misses;
		}
	}

	if (seen.length > maxSeen) {
		const dropped = seen.slice(0, seen.length - maxSeen);
		seen = seen.slice(seen.length - maxSeen);
		for (const id of dropped) {
			delete missing[id];
			forgotten.push(id);
		}
	}

	return {
		state: { version: SEEN_STATE_VERSION, scope: options.scope, seen, missing },
		newIds,
		recordedOnly: false,
		forgotten,
	};
}
