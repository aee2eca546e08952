import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildList } from '../../../../whatsapp/messages/interactive';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { bodyProperty, footerProperty, inputModeProperty, readListInput, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'Optional text above the body, up to 60 characters',
	},
	bodyProperty('The message, up to 4096 characters'),
	footerProperty,
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Shipping Options',
		description: 'The label of the button that opens the list, up to 20 characters',
	},
	inputModeProperty('rowsInput', 'Define Rows', 'the sections and rows'),
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Row',
		description:
			'Up to 10 rows. Rows with the same section title form a section; with more than one section every row needs one.',
		displayOptions: { show: { rowsInput: ['fields'] } },
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						placeholder: 'e.g. I want it ASAP!',
						description: 'Up to 24 characters. Empty when the list has one section.',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. Priority Mail Express',
						description: 'Up to 24 characters',
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						placeholder: 'e.g. Next Day to 2 Days',
						description: 'Optional second line, up to 72 characters',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. priority_express',
						description: 'Returned in the reply webhook, up to 200 characters, unique. Empty uses the title.',
					},
				],
			},
		],
	},
	{
		displayName: 'Sections (JSON)',
		name: 'sectionsJson',
		type: 'json',
		default:
			'[\n  {\n    "title": "Shipping",\n    "rows": [\n      { "id": "express", "title": "Express", "description": "Next day" },\n      { "id": "standard", "title": "Standard", "description": "2–5 days" }\n    ]\n  }\n]',
		required: true,
		displayOptions: { show: { rowsInput: ['json'] } },
		description:
			'WhatsApp’s sections: [{"title", "rows": [{"ID", "title", "description"}]}], or a flat list of rows with an optional "section"',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendList'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildList({
			headerText: readString.call(this, 'headerText', itemIndex),
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
			buttonText: readString.call(this, 'buttonText', itemIndex),
			sections: readListInput.call(this, itemIndex, { mode: 'rowsInput', collection: 'rows', entry: 'row', json: 'sectionsJson' }),
		}),
	);
}
