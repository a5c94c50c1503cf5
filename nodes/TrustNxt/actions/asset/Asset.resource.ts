import { defineResource } from '../../../shared/resources';
import * as inspect from './inspect.operation';
import * as protect from './protect.operation';
import * as readContentCredentials from './readContentCredentials.operation';
import * as verifyContentCredentials from './verifyContentCredentials.operation';

export const asset = defineResource({
	name: 'Asset',
	operations: { protect, inspect, readContentCredentials, verifyContentCredentials },
	default: 'protect',
});
