import { defineResource } from '../../../shared/resources';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getMany.operation';

export const folder = defineResource({
	name: 'Folder',
	operations: { getAll, get, create },
	default: 'getAll',
});
