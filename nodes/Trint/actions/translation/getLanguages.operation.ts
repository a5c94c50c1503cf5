import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { optionsCollection, readTimeoutMs } from '../fields';
import { languageItem, translationLanguages } from './languages';

export const option: OperationOption = {
	name: 'Get Many Languages',
	description: 'List the languages Trint can translate into',
	action: 'Get many translation languages',
	subtitle: 'Get translation languages',
};

export const description: INodeProperties[] = [optionsCollection()];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { languages, warning } = await translationLanguages(this, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	if (warning) this.addExecutionHints({ message: warning, type: 'warning', location: 'outputPane' });
	return languages.map((language) => ({ json: warning ? { ...languageItem(language), warning } : languageItem(language) }));
}
