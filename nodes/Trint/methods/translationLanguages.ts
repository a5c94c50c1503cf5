import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { translationLanguages } from '../actions/translation/languages';

/**
 * Target languages for Translation → Create. When Trint's list is unreadable, the upload
 * languages are offered instead, each marked so the user knows the list is a stand-in.
 */
export async function searchTranslationLanguages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { languages, warning } = await translationLanguages(this);
	const wanted = (filter ?? '').toLowerCase();
	const results = languages
		.filter((language) => !wanted || language.name.toLowerCase().includes(wanted) || language.code.toLowerCase().includes(wanted))
		.map((language) => ({ name: warning ? `${language.name} (${language.code}) – not confirmed as a translation language` : `${language.name} (${language.code})`, value: language.code }));
	return { results };
}
