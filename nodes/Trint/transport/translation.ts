/**
 * Trint's translation API (`{translate}` host, see TRANSLATION_HOSTS). What the field names rest on
 * (docs/trint-wire.md lists the sources):
 * - the target language is `targetLanguage` [documented: "The targetLanguage should be provided
 *   using a supported language code", reference page "Create Translation"];
 * - the source Trint is `fileId`, Trint's own word for a trint-id on "Get Translations"
 *   ("Retrieves translation references for a fileId (trint-id)"): the create body and the list
 *   query [documented wording; positions modeled];
 * - delete sends `fileId` in both the body and the query (Trint lists no parameter for it) and
 *   the node puts the translated Trint's ID there, or the source's to delete all its translations
 *   [modeled];
 * - the language list comes as `{data: {translationLanguages: [{languageCode, languageName}]}}`
 *   [observed, published connector reference];
 * - create, list and delete answer `{source: {...}, translations: [{...}]}` [observed]; a
 *   translation's ID is read as `transcriptId`, `trintId`, `id` or `_id`, its state from `status`
 *   (`COMPLETE` done, `FAILED` failed, anything else still working) [modeled].
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallOptions } from './conventions';
import type { TrintContext } from './index';
import { parseJsonBody, trintRequest } from './index';

export const TRANSLATION_PATHS = {
	languages: '/translation-languages',
	collection: '/',
};

export const TRANSLATION_FIELDS = {
	/** The source Trint on create (body) and list (query). */
	sourceId: 'fileId',
	/** The Trint whose translation(s) delete removes (body and query). */
	deleteId: 'fileId',
	/** The language to translate into, on create. */
	targetLanguage: 'targetLanguage',
	/** A language's code and name in the language list. */
	languageCode: 'languageCode',
	languageName: 'languageName',
};

export const TRANSLATION_STATUS = { complete: 'COMPLETE', failed: 'FAILED' };

export interface TranslationLanguage {
	code: string;
	name: string;
}

export interface TranslationFamily {
	source: IDataObject;
	translations: IDataObject[];
	/** The whole answer, for fields the node passes through. */
	raw: IDataObject;
}

/** The languages Trint can translate into; `undefined` when the answer has no list in it. */
export async function listTranslationLanguages(ctx: TrintContext, options: CallOptions = {}): Promise<TranslationLanguage[] | undefined> {
	const response = await trintRequest(ctx, { method: 'GET', host: 'translation', path: TRANSLATION_PATHS.languages, ...options });
	const body = parseJsonBody(ctx, response.body, 'the translation languages', options.itemIndex) as IDataObject | unknown[];
	const record = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as IDataObject;
	const list = (record.data as IDataObject | undefined)?.translationLanguages ?? record.translationLanguages ?? body;
	if (!Array.isArray(list)) return undefined;
	return list
		.map((entry) => {
			if (typeof entry === 'string') return { code: entry, name: entry };
			const item = (entry ?? {}) as IDataObject;
			const code = String(item[TRANSLATION_FIELDS.languageCode] ?? item.code ?? item.language ?? '');
			return { code, name: String(item[TRANSLATION_FIELDS.languageName] ?? item.name ?? code) };
		})
		.filter((language) => language.code);
}

function readFamily(ctx: TrintContext, body: unknown, what: string, itemIndex?: number): TranslationFamily {
	const parsed = parseJsonBody(ctx, body, what, itemIndex);
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `Trint sent an answer for ${what} that is not an object`, {
			itemIndex,
			description: 'Expected {"source": ..., "translations": [...]}. Nothing was changed on this side; check the transcript in Trint.',
		});
	}
	const raw = parsed as IDataObject;
	const translations = Array.isArray(raw.translations) ? (raw.translations as IDataObject[]) : [];
	const source = raw.source && typeof raw.source === 'object' ? (raw.source as IDataObject) : {};
	return { source, translations, raw };
}

/** A translation's (or source's) Trint ID, whatever the field is called. */
export function translationIdOf(entry: IDataObject): string {
	return String(entry.transcriptId ?? entry.trintId ?? entry.id ?? entry._id ?? '');
}

/** A translation's language, whatever the field is called. */
export function translationLanguageOf(entry: IDataObject): string {
	return String(entry.language ?? entry[TRANSLATION_FIELDS.targetLanguage] ?? entry[TRANSLATION_FIELDS.languageCode] ?? '');
}

/** Asks Trint to translate a transcript. `extraBody` (the user's JSON) is merged last. */
export async function createTranslation(
	ctx: TrintContext,
	sourceId: string,
	targetLanguage: string,
	extraBody: IDataObject,
	options: CallOptions = {},
): Promise<TranslationFamily> {
	const body: IDataObject = { [TRANSLATION_FIELDS.sourceId]: sourceId, [TRANSLATION_FIELDS.targetLanguage]: targetLanguage, ...extraBody };
	// Whether a repeated create is billed or makes a duplicate is unknown: never sent twice
	// unless Trint said 429.
	const response = await trintRequest(ctx, { method: 'POST', host: 'translation', path: TRANSLATION_PATHS.collection, body, resend: 'billed', kind: 'translationCreate', ...options });
	return readFamily(ctx, response.body, 'the new translation', options.itemIndex);
}

/** The translations of a transcript. */
export async function listTranslations(ctx: TrintContext, sourceId: string, options: CallOptions = {}): Promise<TranslationFamily> {
	const response = await trintRequest(ctx, {
		method: 'GET',
		host: 'translation',
		path: TRANSLATION_PATHS.collection,
		qs: { [TRANSLATION_FIELDS.sourceId]: sourceId },
		...options,
	});
	return readFamily(ctx, response.body, 'the translations', options.itemIndex);
}

/**
 * Deletes the translation with this Trint ID (or, given a source's ID, every translation of it);
 * the ID goes in the body and the query. Answers with the translations that remain.
 */
export async function deleteTranslation(ctx: TrintContext, trintId: string, extraBody: IDataObject, options: CallOptions = {}): Promise<TranslationFamily> {
	const response = await trintRequest(ctx, {
		method: 'DELETE',
		host: 'translation',
		path: TRANSLATION_PATHS.collection,
		qs: { [TRANSLATION_FIELDS.deleteId]: trintId },
		body: { [TRANSLATION_FIELDS.deleteId]: trintId, ...extraBody },
		...options,
	});
	return readFamily(ctx, response.body, 'the deletion', options.itemIndex);
}

/** The item of `family` in the requested language (the first one when the language is not echoed). */
export function findTranslation(family: TranslationFamily, languageCode: string): IDataObject | undefined {
	const wanted = languageCode.toLowerCase();
	return family.translations.find((entry) => translationLanguageOf(entry).toLowerCase() === wanted) ?? (family.translations.length === 1 ? family.translations[0] : undefined);
}
