import { defineResource } from '../../../shared/resources';
import * as createPushStream from './createPushStream.operation';
import * as getStatus from './getStatus.operation';
import * as start from './start.operation';
import * as stop from './stop.operation';
import * as waitUntilStopped from './waitUntilStopped.operation';

export const liveTranscript = defineResource({
	name: 'Live Transcript',
	operations: { createPushStream, start, stop, getStatus, waitUntilStopped },
	default: 'getStatus',
});
