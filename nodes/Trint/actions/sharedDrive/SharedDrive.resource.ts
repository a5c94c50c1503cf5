import { defineResource } from '../../../shared/resources';
import * as get from './get.operation';
import * as getAll from './getMany.operation';

export const sharedDrive = defineResource({
	name: 'Shared Drive',
	operations: { getAll, get },
	default: 'getAll',
});
