import { defineResource } from '../../../shared/resources';
import * as exportTranscript from './export.operation';
import * as get from './get.operation';
import * as getAll from './getMany.operation';
import * as upload from './upload.operation';

export const transcript = defineResource({
	name: 'Transcript',
	operations: { getAll, get, upload, export: exportTranscript },
	default: 'getAll',
});
