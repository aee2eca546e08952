/**
 * UI pieces and parameter readers the message operations share: the interactive header, body and
 * footer, the "Using Fields Below / Using JSON" switch for list inputs, and the send step.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { MessageContent } from '../../../../whatsapp/messages/envelope';
import type { HeaderInput, HeaderType } from '../../../../whatsapp/messages/interactive';
import { prepareSend } from '../../helpers/prepareSend';
import { sendMessages } from '../../helpers/sendPipeline';

const HEADER_OPTIONS: Record<HeaderType, { name: string; value: HeaderType }> = {
	text: { name: 'Text', value: 'text' },
	image: { name: 'Image', value: 'image' },
	video: { name: 'Video', value: 'video' },
	document: { name: 'Document', value: 'document' },
};

/** Header Type, Header Text and Header Media (a media ID or a public URL). */
export function headerProperties(types: readonly HeaderType[]): INodeProperties[] {
	const mediaTypes = types.filter((type) => type !== 'text');
	return [
		{
			displayName: 'Header Type',
			name: 'headerType',
			type: 'options',
			default: 'none',
			options: [{ name: 'None', value: 'none' }, ...types.map((type) => HEADER_OPTIONS[type])],
			description: 'What to show above the body',
		},
		{
			displayName: 'Header Text',
			name: 'headerText',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { headerType: ['text'] } },
			description: 'Up to 60 characters, no formatting',
		},
		...(mediaTypes.length > 0
			? [
					{
						displayName: 'Header Media',
						name: 'headerMedia',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. https://example.com/photo.jpg or 1037543291543636',
						displayOptions: { show: { headerType: mediaTypes } },
						description: 'A media ID from an upload, or a public https:// URL that Meta downloads',
					} satisfies INodeProperties,
				]
			: []),
	];
}

export function bodyProperty(description: string): INodeProperties {
	return {
		displayName: 'Body',
		name: 'body',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 3 },
		description,
	};
}

export const footerProperty: INodeProperties = {
	displayName: 'Footer',
	name: 'footer',
	type: 'string',
	default: '',
	description: 'Small grey text under the body, up to 60 characters',
};

/** The switch between a UI collection and a JSON value that is easier to map from earlier nodes. */
export function inputModeProperty(name: string, displayName: string, what: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json', description: `Map ${what} as JSON from an earlier node` },
		],
	};
}

export function readHeader(this: IExecuteFunctions, itemIndex: number): HeaderInput {
	const type = this.getNodeParameter('headerType', itemIndex, 'none') as HeaderInput['type'];
	if (type === 'none') return { type };
	if (type === 'text') return { type, text: this.getNodeParameter('headerText', itemIndex, '') as string };
	return { type, media: this.getNodeParameter('headerMedia', itemIndex, '') as string };
}

export function readString(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	return value === undefined || value === null ? '' : String(value);
}

/** The rows of a multiple-value fixedCollection, such as `{ button: [{…}, {…}] }` → `[{…}, {…}]`. */
export function readCollection(this: IExecuteFunctions, name: string, entry: string, itemIndex: number): IDataObject[] {
	const value = this.getNodeParameter(name, itemIndex, {}) as IDataObject;
	return (value?.[entry] as IDataObject[] | undefined) ?? [];
}

/** A list parameter in whichever mode the user chose. */
export function readListInput(
	this: IExecuteFunctions,
	itemIndex: number,
	names: { mode: string; collection: string; entry: string; json: string },
): unknown {
	const mode = this.getNodeParameter(names.mode, itemIndex, 'fields') as string;
	if (mode === 'json') return this.getNodeParameter(names.json, itemIndex, '') as unknown;
	return readCollection.call(this, names.collection, names.entry, itemIndex);
}

/** Builds each item's content, wraps it in the envelope and sends everything through the pipeline. */
export async function sendBuilt(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	build: (itemIndex: number) => MessageContent,
): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, async (itemIndex) => await prepareSend.call(this, itemIndex, build(itemIndex)));
}
