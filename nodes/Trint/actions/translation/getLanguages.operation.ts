import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection, readTimeoutMs } from '../fields';
import { languageItem, translationLanguages } from './languages';

const show = { resource: ['translation'], operation: ['getLanguages'] };

export const description: INodeProperties[] = [optionsCollection(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { languages, warning } = await translationLanguages(this, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	if (warning) this.addExecutionHints({ message: warning, type: 'warning', location: 'outputPane' });
	return languages.map((language) => ({ json: warning ? { ...languageItem(language), warning } : languageItem(language) }));
}
