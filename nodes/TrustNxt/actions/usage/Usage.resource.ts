import { defineResource } from '../../../shared/resources';
import * as get from './get.operation';

export const usage = defineResource({
	name: 'Usage',
	operations: { get },
	default: 'get',
});
