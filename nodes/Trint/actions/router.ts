import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as folder from './folder/Folder.resource';
import * as liveTranscript from './liveTranscript/LiveTranscript.resource';
import * as sharedDrive from './sharedDrive/SharedDrive.resource';
import * as transcript from './transcript/Transcript.resource';
import * as translation from './translation/Translation.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation(this, { transcript, folder, sharedDrive, translation, liveTranscript });
}
