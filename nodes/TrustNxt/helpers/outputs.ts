import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Node version from which Inspect drops the inspected file unless "Keep Input File" is added.
 * n8n's output panel opens on its Binary tab whenever an item carries a file, which hid the
 * verdict; n8n's own nodes settle this the same way (Edit Fields strips binary data from its
 * 3.4 version, Extract From File keeps only the JSON of its source by default): a new default for
 * new nodes, behind a version, so nodes already in workflows keep passing the file on.
 */
export const DROPS_INPUT_FILE_FROM_VERSION = 1.1;

/** Whether Inspect hands the inspected file on: the option when added, else the version's default. */
export function keepsInputFile(ctx: IExecuteFunctions, options: IDataObject): boolean {
	if (options.keepInputFile !== undefined) return options.keepInputFile !== false;
	return (ctx.getNode().typeVersion ?? 1) < DROPS_INPUT_FILE_FROM_VERSION;
}
