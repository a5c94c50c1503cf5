import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The `show` part of a field's display options. */
export type ShowWhen = NonNullable<IDisplayOptions['show']>;

/**
 * The given fields, each shown only when this resource (and operation) is chosen. A field's own
 * conditions, such as "only when Format is JSON", are kept beside them. The one place where
 * fields learn which operation they belong to, so an operation's fields never name it.
 */
export function showFor(where: { resource: string; operation?: string }, fields: INodeProperties[]): INodeProperties[] {
	const show: ShowWhen = where.operation === undefined ? { resource: [where.resource] } : { resource: [where.resource], operation: [where.operation] };
	return fields.map((field) => ({
		...field,
		displayOptions: { ...field.displayOptions, show: { ...show, ...field.displayOptions?.show } },
	}));
}
