import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TRINT_LANGUAGES } from '../helpers/languages';
import { editorLink, getTrintConnection } from '../transport';
import { listTranslations, translationIdOf, translationLanguageOf } from '../transport/translation';

function chosenSource(ctx: ILoadOptionsFunctions): string {
	try {
		const value = ctx.getCurrentNodeParameter('sourceTranscriptId', { extractValue: true }) as unknown;
		const text = value && typeof value === 'object' ? String((value as { value?: unknown }).value ?? '') : String(value ?? '');
		return text.trim();
	} catch {
		return '';
	}
}

/**
 * The translations of the Source Transcript chosen in the node (Translation → Delete), and only
 * those: Trint lists translations per source, so there is nothing to list before one is chosen.
 * Named by language and status, since Trint's list carries no titles.
 */
export async function searchTranslations(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const sourceId = chosenSource(this);
	if (!sourceId) {
		throw new NodeOperationError(this.getNode(), 'Choose the "Source Transcript" first: Trint lists translations per source transcript', {
			description: 'Or enter the translated transcript\'s ID with "By ID".',
		});
	}
	const connection = await getTrintConnection(this);
	const family = await listTranslations(this, sourceId);
	const wanted = (filter ?? '').toLowerCase();
	const results: INodeListSearchItems[] = [];
	for (const entry of family.translations) {
		const id = translationIdOf(entry);
		if (!id) continue;
		const code = translationLanguageOf(entry);
		const known = TRINT_LANGUAGES.find((language) => language.value.toLowerCase() === code.toLowerCase());
		const language = code ? (known ? `${known.name} (${code})` : code) : id;
		const name = entry.status ? `${language} – ${String(entry.status)}` : language;
		if (wanted && !name.toLowerCase().includes(wanted) && !id.toLowerCase().includes(wanted)) continue;
		const url = editorLink(connection, id);
		results.push(url ? { name, value: id, url } : { name, value: id });
	}
	return { results };
}
