import { defineResource } from '../../../shared/resources';
import * as create from './create.operation';
import * as deleteTranslation from './delete.operation';
import * as getAll from './getMany.operation';
import * as getLanguages from './getLanguages.operation';

export const translation = defineResource({
	name: 'Translation',
	operations: { create, getAll, getLanguages, delete: deleteTranslation },
	default: 'getAll',
});
