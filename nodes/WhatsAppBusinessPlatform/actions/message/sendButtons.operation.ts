import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildReplyButtons } from '../../../../whatsapp/messages/interactive';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { bodyProperty, footerProperty, headerProperties, inputModeProperty, readHeader, readListInput, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	...headerProperties(['text', 'image', 'video', 'document']),
	bodyProperty('The message above the buttons, up to 1024 characters'),
	footerProperty,
	inputModeProperty('buttonsInput', 'Define Buttons', 'the buttons'),
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button',
		description: 'One to three buttons',
		displayOptions: { show: { buttonsInput: ['fields'] } },
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. Confirm',
						description: 'The button label, up to 20 characters, unique in the message',
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. confirm-booking',
						description:
							'Returned in the reply webhook when the customer taps the button, up to 256 characters. Empty uses the title.',
					},
				],
			},
		],
	},
	{
		displayName: 'Buttons (JSON)',
		name: 'buttonsJson',
		type: 'json',
		default: '[\n  { "id": "confirm", "title": "Confirm" },\n  { "id": "cancel", "title": "Cancel" }\n]',
		required: true,
		displayOptions: { show: { buttonsInput: ['json'] } },
		description: 'A list of {"ID", "title"} objects, or of titles',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendButtons'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildReplyButtons({
			header: readHeader.call(this, itemIndex),
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
			buttons: readListInput.call(this, itemIndex, { mode: 'buttonsInput', collection: 'buttons', entry: 'button', json: 'buttonsJson' }),
		}),
	);
}
