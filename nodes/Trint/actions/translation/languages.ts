import type { IDataObject } from 'n8n-workflow';

import { TRINT_LANGUAGES } from '../../helpers/languages';
import type { TrintContext } from '../../transport';
import type { TranslationLanguage } from '../../transport/translation';
import { listTranslationLanguages } from '../../transport/translation';

export const FALLBACK_WARNING =
	'Trint\'s list of translation languages came back in an unknown form, so the transcription languages are shown instead; some may not be translation targets.';

/** Trint's translation languages, or the upload languages with a warning when the list is unreadable. */
export async function translationLanguages(
	ctx: TrintContext,
	options: { itemIndex?: number; timeoutMs?: number } = {},
): Promise<{ languages: TranslationLanguage[]; warning?: string }> {
	const languages = await listTranslationLanguages(ctx, options);
	if (languages) return { languages };
	return { languages: TRINT_LANGUAGES.map((l) => ({ code: l.value, name: l.name })), warning: FALLBACK_WARNING };
}

export function languageItem(language: TranslationLanguage): IDataObject {
	return { languageCode: language.code, languageName: language.name };
}
