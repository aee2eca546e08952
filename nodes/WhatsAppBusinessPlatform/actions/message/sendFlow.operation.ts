import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FlowInput } from '../../../../whatsapp/messages/interactive';
import { buildFlow } from '../../../../whatsapp/messages/interactive';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { bodyProperty, footerProperty, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	{
		displayName: 'Flow',
		name: 'flow',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: 'The Flow to open, by its ID or its name',
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 400000000000005',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A Flow ID has digits only' } }],
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. appointment_booking' },
		],
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: 'Optional text above the body, up to 60 characters',
	},
	bodyProperty('The message above the Flow button, up to 1024 characters'),
	footerProperty,
	{
		displayName: 'Button Text',
		name: 'flowCta',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Book now',
		description: 'The label of the button that opens the Flow, up to 20 characters, no emoji',
	},
	{
		displayName: 'Flow Action',
		name: 'flowAction',
		type: 'options',
		default: 'navigate',
		options: [
			{ name: 'Data Exchange', value: 'data_exchange', description: 'Your Flow endpoint chooses the first screen and its data' },
			{ name: 'Navigate', value: 'navigate', description: 'Open a given screen with data from this message' },
		],
	},
	{
		displayName: 'Screen',
		name: 'screen',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. WELCOME_SCREEN',
		displayOptions: { show: { flowAction: ['navigate'] } },
		description: 'The ID of the first screen',
	},
	{
		displayName: 'Screen Data',
		name: 'screenData',
		type: 'json',
		default: '',
		placeholder: 'e.g. { "customer": "Pablo" }',
		displayOptions: { show: { flowAction: ['navigate'] } },
		description: 'Optional JSON object the first screen receives as its data',
	},
	{
		displayName: 'Options',
		name: 'flowOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Flow Token',
				// Not a credential: Meta's name for the session reference, shown to the Flow endpoint.
				name: 'flowSession',
				type: 'string',
				default: '',
				placeholder: 'e.g. booking-8412',
				description: 'Your ID for this Flow session; it comes back in the data exchange and in the completion webhook',
			},
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				default: 'published',
				options: [
					{ name: 'Published', value: 'published' },
					{ name: 'Draft', value: 'draft', description: 'Test an unpublished Flow' },
				],
			},
		],
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendFlow'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) => {
		const flow = this.getNodeParameter('flow', itemIndex) as { mode: string; value: string };
		const options = this.getNodeParameter('flowOptions', itemIndex, {}) as { flowSession?: string; mode?: FlowInput['mode'] };
		const flowAction = this.getNodeParameter('flowAction', itemIndex) as FlowInput['flowAction'];
		const headerText = readString.call(this, 'headerText', itemIndex);
		return buildFlow({
			header: headerText.trim() ? { type: 'text', text: headerText } : undefined,
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
			flowId: flow.mode === 'id' ? String(flow.value ?? '') : undefined,
			flowName: flow.mode === 'name' ? String(flow.value ?? '') : undefined,
			flowCta: readString.call(this, 'flowCta', itemIndex),
			mode: options.mode,
			flowAction,
			flowToken: options.flowSession,
			screen: flowAction === 'navigate' ? readString.call(this, 'screen', itemIndex) : undefined,
			data: flowAction === 'navigate' ? (this.getNodeParameter('screenData', itemIndex, '') as unknown) : undefined,
		});
	});
}
