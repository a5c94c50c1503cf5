import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import type { CallOptions } from '../../transport/conventions';
import type { TrintConnection } from '../../transport';
import { getTrintConnection } from '../../transport';
import type { TranslationFamily } from '../../transport/translation';
import { deleteTranslation, listTranslations, translationIdOf, translationLanguageOf } from '../../transport/translation';
import { extraBodyOption, readExtraBody } from '../extraBody';
import { optionsCollection, readLocator, readTimeoutMs, requireLocator, trintLocator } from '../fields';
import { translationOutput } from './fields';

export const option: OperationOption = {
	name: 'Delete',
	description: 'Permanently delete a translated transcript, or every translation of a source transcript; the source transcript stays',
	action: 'Delete a translation',
};

const ONE = 'translation';
const ALL_OF_SOURCE = 'allOfSource';

// Which ID Trint's delete call takes is not published. The node sends the translated Trint's own
// ID to delete one translation; a source's ID only when "All Translations of a Source" is chosen,
// because Trint may then remove every translation of it (see docs/trint-wire.md).
export const description: INodeProperties[] = [
	{
		displayName: 'Delete',
		name: 'scope',
		type: 'options',
		default: ONE,
		options: [
			{ name: 'One Translation', value: ONE, description: 'The translated transcript whose ID you give; the original and its other translations stay' },
			{ name: 'All Translations of a Source', value: ALL_OF_SOURCE, description: 'Every translation of the original transcript whose ID you give; the original stays' },
		],
		description: 'What to delete; both are permanent',
	},
	trintLocator('transcriptId', {
		name: 'sourceTranscriptId',
		displayName: 'Source Transcript',
		required: false,
		description: 'The original transcript the translation was made from. Its translations fill the Translation list, and the node checks that the Translation is one of them.',
		hint: 'Optional when the Translation is given by ID or URL',
		displayOptions: { show: { scope: [ONE] } },
	}),
	trintLocator('transcriptId', {
		name: 'sourceTranscriptId',
		displayName: 'Source Transcript',
		description: 'The original transcript whose translations to delete; it stays itself',
		hint: 'Every translation Trint lists for it is deleted; the output names each one',
		displayOptions: { show: { scope: [ALL_OF_SOURCE] } },
	}),
	trintLocator('transcriptId', {
		displayName: 'Translation',
		description: 'The translated transcript to delete (its trintId from Translation → Create or Get Many), not the original it was made from',
		hint: 'An original transcript\'s ID is refused; to delete all its translations, set Delete to "All Translations of a Source"',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTranslations', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'Xk2vQ9rTz5LmN8bWc1YdHe' },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.trint.com/editor/Xk2vQ9rTz5LmN8bWc1YdHe',
				extractValue: { type: 'regex', regex: '/editor/([^/?#]+)' },
			},
		],
		displayOptions: { show: { scope: [ONE] } },
	}),
	optionsCollection([extraBodyOption('delete translation')]),
];

const idsOf = (entries: IDataObject[]) => new Set(entries.map(translationIdOf));

function languagesOf(entries: IDataObject[]): string {
	return entries.map((entry) => translationLanguageOf(entry) || translationIdOf(entry)).join(', ');
}

/**
 * What remains after a delete: Trint's answer lists it; when the answer has no list, the
 * translations are asked for again, so the output never guesses.
 */
async function remainingAfter(ctx: IExecuteFunctions, answer: TranslationFamily, sourceId: string, call: CallOptions): Promise<IDataObject[]> {
	if (Array.isArray(answer.raw.translations) || !sourceId) return answer.translations;
	return (await listTranslations(ctx, sourceId, call)).translations;
}

function outputs(connection: TrintConnection, entries: IDataObject[], sourceId: string): IDataObject[] {
	return entries.map((entry) => translationOutput(connection, entry, sourceId));
}

async function deleteOne(ctx: IExecuteFunctions, itemIndex: number, extraBody: IDataObject, call: CallOptions): Promise<IDataObject> {
	const translationId = requireLocator(ctx, 'transcriptId', 'Translation', itemIndex);
	// Optional here; when given, checked like any ID.
	const checkedSourceId = readLocator(ctx, 'sourceTranscriptId', itemIndex) ? requireLocator(ctx, 'sourceTranscriptId', 'Source Transcript', itemIndex) : '';

	// Checked before anything is deleted: Trint's list of the source (or of the family the ID
	// belongs to) must name the ID as a translation.
	const before = await listTranslations(ctx, checkedSourceId || translationId, call);
	const sourceId = checkedSourceId || translationIdOf(before.source);
	const entry = before.translations.find((candidate) => translationIdOf(candidate) === translationId);
	if (!entry) {
		if (translationId === sourceId) {
			const count = before.translations.length;
			throw new NodeOperationError(ctx.getNode(), `"Translation" ${translationId} is an original (source) transcript, not a translation`, {
				itemIndex,
				description: `${count ? `Deleting by its ID could delete all ${count} of its translations (${languagesOf(before.translations)}).` : 'It has no translations.'} Nothing was deleted. Pick the translated transcript instead (Translation → Get Many lists them), or set "Delete" to "All Translations of a Source" to delete them all.`,
			});
		}
		if (checkedSourceId) {
			throw new NodeOperationError(ctx.getNode(), `"Translation" ${translationId} is not a translation of "Source Transcript" ${checkedSourceId}`, {
				itemIndex,
				description: `Trint lists ${before.translations.length ? `these translations for it: ${languagesOf(before.translations)}` : 'no translations for it'}. Nothing was deleted. Check both IDs, or pick the Translation from the list.`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), `"Translation" ${translationId} is not a translation Trint lists`, {
			itemIndex,
			description: 'Nothing was deleted. Check the ID, or choose the "Source Transcript" so the Translation list shows its translations and the node checks against them.',
		});
	}

	const answer = await deleteTranslation(ctx, translationId, extraBody, call);
	const remaining = await remainingAfter(ctx, answer, sourceId, call);
	if (idsOf(remaining).has(translationId)) {
		throw new NodeOperationError(ctx.getNode(), `Trint answered the deletion of translation ${translationId} but still lists it`, {
			itemIndex,
			description: `Nothing is reported as deleted. Check with Translation → Get Many for source ${sourceId}; if it is still there, delete it again later.`,
		});
	}
	const left = idsOf(remaining);
	const connection = await getTrintConnection(ctx);
	return {
		deleted: true,
		trintId: translationId,
		language: translationLanguageOf(entry) || null,
		sourceTranscriptId: sourceId || null,
		deletedTranslations: outputs(connection, before.translations.filter((candidate) => !left.has(translationIdOf(candidate))), sourceId),
		remainingTranslations: outputs(connection, remaining, sourceId),
	};
}

async function deleteAllOfSource(ctx: IExecuteFunctions, itemIndex: number, extraBody: IDataObject, call: CallOptions): Promise<IDataObject> {
	const sourceId = requireLocator(ctx, 'sourceTranscriptId', 'Source Transcript', itemIndex);
	const before = await listTranslations(ctx, sourceId, call);
	if (idsOf(before.translations).has(sourceId)) {
		throw new NodeOperationError(ctx.getNode(), `"Source Transcript" ${sourceId} is a translation, not an original transcript`, {
			itemIndex,
			description: `Nothing was deleted. Its source is ${translationIdOf(before.source) || 'not named by Trint'}: enter that one, or set "Delete" to "One Translation" to delete only this translation.`,
		});
	}
	const connection = await getTrintConnection(ctx);
	// Nothing to delete: no call is made, and the output says so.
	if (!before.translations.length) return { deleted: false, sourceTranscriptId: sourceId, deletedTranslations: [], remainingTranslations: [] };
	const answer = await deleteTranslation(ctx, sourceId, extraBody, call);
	const remaining = await remainingAfter(ctx, answer, sourceId, call);
	const left = idsOf(remaining);
	const deleted = before.translations.filter((candidate) => !left.has(translationIdOf(candidate)));
	return {
		deleted: deleted.length > 0,
		sourceTranscriptId: sourceId,
		deletedTranslations: outputs(connection, deleted, sourceId),
		remainingTranslations: outputs(connection, remaining, sourceId),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const scope = String(this.getNodeParameter('scope', itemIndex, ONE));
	if (scope !== ONE && scope !== ALL_OF_SOURCE) {
		throw new NodeOperationError(this.getNode(), `"Delete" has an unknown value: "${scope}"`, {
			itemIndex,
			description: 'Choose "One Translation" or "All Translations of a Source".',
		});
	}
	const extraBody = readExtraBody(this, itemIndex);
	const call = { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) };
	const json = scope === ALL_OF_SOURCE ? await deleteAllOfSource(this, itemIndex, extraBody, call) : await deleteOne(this, itemIndex, extraBody, call);
	return [{ json }];
}
