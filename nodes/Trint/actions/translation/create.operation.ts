import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { waitUntil } from '../../../shared/polling';
import { MIN_POLL_INTERVAL_SECONDS } from '../../helpers/exportWhenReady';
import { getTrintConnection } from '../../transport';
import { JSON_EXPORT, requestExport } from '../../transport/exports';
import type { TranslationFamily } from '../../transport/translation';
import { createTranslation, findTranslation, listTranslations, TRANSLATION_STATUS, translationIdOf } from '../../transport/translation';
import { extraBodyOption, readExtraBody } from '../extraBody';
import { optionsCollection, readLocator, readPollSettings, readTimeoutMs, requireLocator } from '../fields';
import { sourceTranscriptField, translationOutput } from './fields';

export const option: OperationOption = {
	name: 'Create',
	description: 'Translate a transcript into another language (a new, translated transcript)',
	action: 'Create a translation',
};

export const description: INodeProperties[] = [
	sourceTranscriptField(
		'The transcript to translate',
		'The original stays as it is; Trint makes a new, translated transcript, whose trintId this node outputs (export it with Transcript → Export)',
	),
	{
		displayName: 'Target Language',
		name: 'targetLanguage',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'Language to translate into',
		hint: 'One language per translation. The list is Trint\'s own (Translation → Get Many Languages shows it); By Code takes a code from it, such as fr',
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTranslationLanguages', searchable: true } },
			{ displayName: 'By Code', name: 'id', type: 'string', placeholder: 'fr' },
		],
	},
	{
		displayName: 'Wait for Translation',
		name: 'waitForTranslation',
		type: 'boolean',
		default: false,
		description: 'Whether to wait until Trint has finished the translation, so the next node can export it',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		default: 30,
		typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS },
		description: 'How often to ask Trint whether the translation is done',
		displayOptions: { show: { waitForTranslation: [true] } },
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		default: 60,
		typeOptions: { minValue: 1 },
		description: 'Give up waiting after this long; the error then carries both IDs',
		displayOptions: { show: { waitForTranslation: [true] } },
	},
	optionsCollection([extraBodyOption('create translation')]),
];

interface Wait {
	intervalMs: number;
	deadline: number;
	maxWaitMinutes: number;
}

function readWait(ctx: IExecuteFunctions, itemIndex: number): Wait | undefined {
	if (!(ctx.getNodeParameter('waitForTranslation', itemIndex, false) as boolean)) return undefined;
	const { pollIntervalSeconds, maxWaitMinutes } = readPollSettings(ctx, itemIndex, 60);
	return { intervalMs: pollIntervalSeconds * 1000, deadline: Date.now() + maxWaitMinutes * 60_000, maxWaitMinutes };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sourceId = requireLocator(this, 'transcriptId', 'Transcript', itemIndex);
	const targetLanguage = readLocator(this, 'targetLanguage', itemIndex);
	if (!targetLanguage) {
		throw new NodeOperationError(this.getNode(), '"Target Language" is empty', {
			itemIndex,
			description: 'Pick a language from the list (Translation → Get Many Languages shows them all) or enter its code, such as fr.',
		});
	}
	const extraBody = readExtraBody(this, itemIndex);
	const wait = readWait(this, itemIndex);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const connection = await getTrintConnection(this);

	const family: TranslationFamily = await createTranslation(this, sourceId, targetLanguage, extraBody, { itemIndex, timeoutMs });
	let item = findTranslation(family, targetLanguage);
	const missing = () =>
		new NodeOperationError(this.getNode(), `Trint accepted the translation of ${sourceId} into "${targetLanguage}" but listed no such translation`, {
			itemIndex,
			description: 'Check the transcript\'s translations with Translation → Get Many before creating it again.',
		});
	if (!item) throw missing();
	const translatedId = translationIdOf(item);
	if (!translatedId) throw missing();
	if (!wait) return [{ json: translationOutput(connection, item, sourceId) }];

	// Done when the item says COMPLETE; FAILED ends the wait. Items without a status are
	// checked through the translated Trint's JSON export, which answers 404 until it exists.
	const done = await waitUntil(
		async (attempt) => {
			if (attempt > 0) {
				const latest = await listTranslations(this, sourceId, { itemIndex, timeoutMs });
				item = latest.translations.find((entry) => translationIdOf(entry) === translatedId) ?? findTranslation(latest, targetLanguage);
				if (!item) {
					throw new NodeOperationError(this.getNode(), `Translation ${translatedId} of ${sourceId} disappeared while the node waited for it`, {
						itemIndex,
						description: 'It may have been deleted. List the translations with Translation → Get Many.',
					});
				}
			}
			const current = item as IDataObject;
			const status = current.status === undefined || current.status === null ? undefined : String(current.status).toUpperCase();
			if (status === TRANSLATION_STATUS.complete) return current;
			if (status === TRANSLATION_STATUS.failed) {
				throw new NodeOperationError(this.getNode(), `Trint could not translate ${sourceId} into "${targetLanguage}" (translation ${translatedId} FAILED)`, {
					itemIndex,
					description: `Source transcript ${sourceId}, translation ${translatedId}. Delete the failed translation (Translation → Delete) and try again, or ask Trint support.`,
				});
			}
			if (status === undefined) {
				const exported = await requestExport(this, translatedId, JSON_EXPORT, {}, { itemIndex, timeoutMs });
				if (exported.kind !== 'notReady') return current;
			}
			return undefined;
		},
		{
			intervalMs: wait.intervalMs,
			deadline: wait.deadline,
			timedOut: () =>
				new NodeOperationError(this.getNode(), `The translation of ${sourceId} into "${targetLanguage}" was not finished after ${wait.maxWaitMinutes} min (translation ${translatedId})`, {
					itemIndex,
					description: `Nothing is lost: export translation ${translatedId} later with Transcript → Export, or raise "Max Wait (Minutes)".`,
				}),
		},
	);
	return [{ json: translationOutput(connection, done, sourceId) }];
}
