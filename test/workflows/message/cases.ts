/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- flow_token is Meta's session reference, not a secret */
/**
 * One case per Message operation: the node parameters and the body Meta documents for them
 * (cloud-api-facts §2). Shared by the engine tests and the real-n8n end-to-end test.
 */
import type { IDataObject } from 'n8n-workflow';

export const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+15551234567' };

const barbara = {
	name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara', last_name: 'Johnson' },
	birthday: '1999-01-23',
	phones: [{ phone: '+16505559999', wa_id: '16505559999', type: 'WORK' }],
	emails: [{ email: 'bj@example.com', type: 'WORK' }],
	addresses: [{ street: '1 Hacker Way', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', country_code: 'US', type: 'WORK' }],
	org: { company: 'Lucky Shrub', department: 'Legal', title: 'Lead Counsel' },
	urls: [{ url: 'https://example.com', type: 'WORK' }],
};

const shippingSections = [
	{
		title: 'I want it ASAP!',
		rows: [
			{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
			{ id: 'priority_mail', title: 'Priority Mail', description: '1–3 Days' },
		],
	},
	{ title: 'I can wait a bit', rows: [{ id: 'usps_ground', title: 'USPS Ground Advantage', description: '2–5 Days' }] },
];

const shippingList = {
	type: 'list',
	header: { type: 'text', text: 'Choose Shipping Option' },
	body: { text: 'Which shipping option do you prefer?' },
	footer: { text: 'Lucky Shrub' },
	action: { button: 'Shipping Options', sections: shippingSections },
};

const workshopButtons = {
	type: 'button',
	header: { type: 'image', image: { id: '300000000000003' } },
	body: { text: 'Your workshop is at 9am tomorrow.' },
	footer: { text: 'Lucky Shrub' },
	action: {
		buttons: [
			{ type: 'reply', reply: { id: 'change-button', title: 'Change' } },
			{ type: 'reply', reply: { id: 'cancel-button', title: 'Cancel' } },
		],
	},
};

export const MESSAGE_CASES: Array<[string, IDataObject, IDataObject]> = [
	['text', { operation: 'sendText', text: 'See https://example.com/p/1', previewUrl: true }, { type: 'text', text: { preview_url: true, body: 'See https://example.com/p/1' } }],
	[
		'image by ID',
		{ operation: 'sendMedia', mediaType: 'image', mediaSource: 'id', mediaId: '300000000000003', caption: 'Our best seller' },
		{ type: 'image', image: { id: '300000000000003', caption: 'Our best seller' } },
	],
	[
		'document by link',
		{ operation: 'sendMedia', mediaType: 'document', mediaSource: 'link', mediaLink: 'https://example.com/invoice.pdf', caption: 'Invoice', filename: 'invoice-42.pdf' },
		{ type: 'document', document: { link: 'https://example.com/invoice.pdf', caption: 'Invoice', filename: 'invoice-42.pdf' } },
	],
	['voice audio', { operation: 'sendMedia', mediaType: 'audio', mediaSource: 'id', mediaId: '300000000000004', voice: true }, { type: 'audio', audio: { id: '300000000000004', voice: true } }],
	['video by link', { operation: 'sendMedia', mediaType: 'video', mediaSource: 'link', mediaLink: 'https://example.com/clip.mp4' }, { type: 'video', video: { link: 'https://example.com/clip.mp4' } }],
	['sticker', { operation: 'sendMedia', mediaType: 'sticker', mediaSource: 'id', mediaId: '300000000000005' }, { type: 'sticker', sticker: { id: '300000000000005' } }],
	[
		'location',
		{ operation: 'sendLocation', latitude: 37.4421, longitude: -122.1615, locationName: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' },
		{ type: 'location', location: { latitude: 37.4421, longitude: -122.1615, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' } },
	],
	[
		'contacts from fields',
		{
			operation: 'sendContacts',
			contactsInput: 'fields',
			contacts: {
				contact: [
					{
						formatted_name: 'Barbara J. Johnson',
						first_name: 'Barbara',
						last_name: 'Johnson',
						birthday: '1999-01-23',
						company: 'Lucky Shrub',
						department: 'Legal',
						title: 'Lead Counsel',
						phones: { phone: [{ phone: '+16505559999', wa_id: '16505559999', type: 'WORK' }] },
						emails: { email: [{ email: 'bj@example.com', type: 'WORK' }] },
						addresses: { address: [{ street: '1 Hacker Way', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', country_code: 'US', type: 'WORK' }] },
						urls: { url: [{ url: 'https://example.com', type: 'WORK' }] },
					},
					{ first_name: 'Ann', last_name: 'Lee', phones: { phone: [{ phone: '+351912345678', type: 'CELL' }] } },
				],
			},
		},
		{
			type: 'contacts',
			contacts: [barbara, { name: { formatted_name: 'Ann Lee', first_name: 'Ann', last_name: 'Lee' }, phones: [{ phone: '+351912345678', type: 'CELL' }] }],
		},
	],
	['contacts from JSON', { operation: 'sendContacts', contactsInput: 'json', contactsJson: JSON.stringify([barbara]) }, { type: 'contacts', contacts: [barbara] }],
	[
		'reply buttons from fields',
		{
			operation: 'sendButtons',
			headerType: 'image',
			headerMedia: '300000000000003',
			body: 'Your workshop is at 9am tomorrow.',
			footer: 'Lucky Shrub',
			buttonsInput: 'fields',
			buttons: { button: [{ id: 'change-button', title: 'Change' }, { id: 'cancel-button', title: 'Cancel' }] },
		},
		{ type: 'interactive', interactive: workshopButtons },
	],
	[
		'reply buttons from JSON mapped by an expression',
		{
			operation: 'sendButtons',
			headerType: 'image',
			headerMedia: '300000000000003',
			body: 'Your workshop is at 9am tomorrow.',
			footer: 'Lucky Shrub',
			buttonsInput: 'json',
			buttonsJson: '={{ JSON.stringify([{ id: "change-button", title: "Change" }, { id: "cancel-button", title: "Cancel" }]) }}',
		},
		{ type: 'interactive', interactive: workshopButtons },
	],
	[
		'list from rows',
		{
			operation: 'sendList',
			headerText: 'Choose Shipping Option',
			body: 'Which shipping option do you prefer?',
			footer: 'Lucky Shrub',
			buttonText: 'Shipping Options',
			rowsInput: 'fields',
			rows: { row: shippingSections.flatMap((section) => section.rows.map((row) => ({ section: section.title, ...row }))) },
		},
		{ type: 'interactive', interactive: shippingList },
	],
	[
		'list from JSON sections',
		{
			operation: 'sendList',
			headerText: 'Choose Shipping Option',
			body: 'Which shipping option do you prefer?',
			footer: 'Lucky Shrub',
			buttonText: 'Shipping Options',
			rowsInput: 'json',
			sectionsJson: JSON.stringify(shippingSections),
		},
		{ type: 'interactive', interactive: shippingList },
	],
	[
		'CTA URL',
		{
			operation: 'sendCtaUrl',
			headerType: 'text',
			headerText: 'New workshop dates!',
			body: 'Tap the button below to see available dates.',
			footer: 'Dates subject to change.',
			displayText: 'See Dates',
			url: 'https://example.com/dates?c=1',
		},
		{
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				header: { type: 'text', text: 'New workshop dates!' },
				body: { text: 'Tap the button below to see available dates.' },
				footer: { text: 'Dates subject to change.' },
				action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com/dates?c=1' } },
			},
		},
	],
	[
		'Flow (navigate)',
		{
			operation: 'sendFlow',
			flow: { __rl: true, mode: 'id', value: '400000000000005' },
			headerText: 'Book an appointment',
			body: 'Pick a slot in a few taps.',
			footer: 'Lucky Shrub',
			flowCta: 'Book now',
			flowAction: 'navigate',
			screen: 'WELCOME_SCREEN',
			screenData: '{ "customer": "Pablo" }',
			flowOptions: { flowSession: 'opaque-token-123', mode: 'published' },
		},
		{
			type: 'interactive',
			interactive: {
				type: 'flow',
				header: { type: 'text', text: 'Book an appointment' },
				body: { text: 'Pick a slot in a few taps.' },
				footer: { text: 'Lucky Shrub' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_token: 'opaque-token-123',
						flow_id: '400000000000005',
						flow_cta: 'Book now',
						mode: 'published',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'WELCOME_SCREEN', data: { customer: 'Pablo' } },
					},
				},
			},
		},
	],
	[
		'Flow (data exchange, draft, by name)',
		{
			operation: 'sendFlow',
			flow: { __rl: true, mode: 'name', value: 'appointment_booking' },
			body: 'Pick a slot.',
			flowCta: 'Open',
			flowAction: 'data_exchange',
			flowOptions: { mode: 'draft' },
		},
		{
			type: 'interactive',
			interactive: {
				type: 'flow',
				body: { text: 'Pick a slot.' },
				action: {
					name: 'flow',
					parameters: { flow_message_version: '3', flow_name: 'appointment_booking', flow_cta: 'Open', mode: 'draft', flow_action: 'data_exchange' },
				},
			},
		},
	],
	[
		'location request',
		{ operation: 'requestLocation', body: 'Please share your pickup location.' },
		{
			type: 'interactive',
			interactive: { type: 'location_request_message', body: { text: 'Please share your pickup location.' }, action: { name: 'send_location' } },
		},
	],
	[
		'single product',
		{ operation: 'sendProduct', catalogId: '194836987003835', productRetailerId: 'SKU-1', body: 'Our pick', footer: 'Lucky Shrub' },
		{
			type: 'interactive',
			interactive: { type: 'product', body: { text: 'Our pick' }, footer: { text: 'Lucky Shrub' }, action: { catalog_id: '194836987003835', product_retailer_id: 'SKU-1' } },
		},
	],
	[
		'product list',
		{
			operation: 'sendProductList',
			catalogId: '194836987003835',
			headerText: 'Spring picks',
			body: 'Have a look',
			productsInput: 'fields',
			products: {
				product: [
					{ section: 'Plants', product_retailer_id: 'P1' },
					{ section: 'Plants', product_retailer_id: 'P2' },
					{ section: 'Pots', product_retailer_id: 'T1' },
				],
			},
		},
		{
			type: 'interactive',
			interactive: {
				type: 'product_list',
				header: { type: 'text', text: 'Spring picks' },
				body: { text: 'Have a look' },
				action: {
					catalog_id: '194836987003835',
					sections: [
						{ title: 'Plants', product_items: [{ product_retailer_id: 'P1' }, { product_retailer_id: 'P2' }] },
						{ title: 'Pots', product_items: [{ product_retailer_id: 'T1' }] },
					],
				},
			},
		},
	],
	[
		'catalog',
		{ operation: 'sendCatalog', body: 'Browse our catalog', footer: 'Lucky Shrub', thumbnailProductRetailerId: 'SKU-9' },
		{
			type: 'interactive',
			interactive: {
				type: 'catalog_message',
				body: { text: 'Browse our catalog' },
				footer: { text: 'Lucky Shrub' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'SKU-9' } },
			},
		},
	],
];
