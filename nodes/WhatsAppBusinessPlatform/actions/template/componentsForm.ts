import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ParameterFormat, SimpleButton, SimpleTemplateInput, TemplateComponentDefinition } from '../../../../whatsapp/templates';
import { buildSimpleComponents, inferParameterFormat, parseJson } from '../../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { uploadTemplateSample } from './upload';

const form = { componentsInput: ['form'] };
const authenticationCategory = { category: ['AUTHENTICATION'] };

/**
 * The components of a template: a form for the common case (header, body with examples, footer,
 * buttons) or Meta's components as JSON for everything else (carousels, limited-time offers …).
 * Create and Update share it; Update also offers to keep the current components.
 */
export function componentsProperties(operation: 'create' | 'update'): INodeProperties[] {
	const inputOptions = [
		{ name: 'Form', value: 'form', description: 'Header, body, footer and buttons as fields' },
		{ name: 'JSON', value: 'json', description: 'Meta’s components array, for carousels, offers and other rare shapes' },
	];
	const componentsInput: INodeProperties = {
		displayName: 'Components Input',
		name: 'componentsInput',
		type: 'options',
		noDataExpression: true,
		default: 'form',
		options: inputOptions,
		description: 'How to describe the template’s content',
	};
	if (operation === 'update') {
		inputOptions.unshift({ name: 'Keep Current', value: 'keep', description: 'Change only the category' });
		Object.assign(componentsInput, { default: 'keep', description: 'New components replace all current ones' });
	}
	return [
		componentsInput,
		{
			displayName: 'Components (JSON)',
			name: 'componentsJson',
			type: 'json',
			default: '[\n  { "type": "BODY", "text": "Hi {{1}}, your order {{2}} is confirmed.", "example": { "body_text": [["Pablo", "860198"]] } }\n]',
			displayOptions: { show: { componentsInput: ['json'] } },
			description: 'Meta’s template components, as in WhatsApp’s template API (HEADER, BODY, FOOTER, BUTTONS, LIMITED_TIME_OFFER, CAROUSEL)',
		},
		{
			displayName: 'Header',
			name: 'headerFormat',
			type: 'options',
			default: 'NONE',
			displayOptions: { show: form, hide: authenticationCategory },
			options: [
				{ name: 'Document', value: 'DOCUMENT' },
				{ name: 'Image', value: 'IMAGE' },
				{ name: 'Location', value: 'LOCATION', description: 'The location is given when sending' },
				{ name: 'None', value: 'NONE' },
				{ name: 'Text', value: 'TEXT' },
				{ name: 'Video', value: 'VIDEO' },
			],
		},
		{
			displayName: 'Header Text',
			name: 'headerText',
			type: 'string',
			default: '',
			placeholder: 'e.g. Our {{1}} is on!',
			displayOptions: { show: { ...form, headerFormat: ['TEXT'] }, hide: authenticationCategory },
			description: 'Up to 60 characters with at most one variable',
		},
		{
			displayName: 'Header Example',
			name: 'headerExample',
			type: 'string',
			default: '',
			placeholder: 'e.g. Summer Sale',
			displayOptions: { show: { ...form, headerFormat: ['TEXT'] }, hide: authenticationCategory },
			description: 'Sample value for the header variable, required when the header has one',
		},
		{
			displayName: 'Header Sample From',
			name: 'headerSampleSource',
			type: 'options',
			default: 'binary',
			displayOptions: { show: { ...form, headerFormat: ['IMAGE', 'VIDEO', 'DOCUMENT'] }, hide: authenticationCategory },
			options: [
				{ name: 'Binary File', value: 'binary', description: 'Upload a file of the input item' },
				{ name: 'Header Handle', value: 'handle', description: 'A handle (4::…) from an earlier upload' },
			],
		},
		{
			displayName: 'Input Binary Field',
			name: 'headerBinaryProperty',
			type: 'string',
			default: 'data',
			displayOptions: { show: { ...form, headerFormat: ['IMAGE', 'VIDEO', 'DOCUMENT'], headerSampleSource: ['binary'] }, hide: authenticationCategory },
			description: 'The binary field holding the sample file (JPEG, PNG, MP4 or PDF), uploaded to Meta for review',
		},
		{
			displayName: 'Header Handle',
			name: 'headerHandle',
			type: 'string',
			default: '',
			placeholder: 'e.g. 4::aW1hZ2UvanBlZw==:ARb…',
			displayOptions: { show: { ...form, headerFormat: ['IMAGE', 'VIDEO', 'DOCUMENT'], headerSampleSource: ['handle'] }, hide: authenticationCategory },
		},
		{
			displayName: 'Body',
			name: 'bodyText',
			type: 'string',
			default: '',
			typeOptions: { rows: 4 },
			placeholder: 'e.g. Hi {{1}}, your order {{2}} is confirmed.',
			displayOptions: { show: form, hide: authenticationCategory },
			description:
				'Up to 1024 characters. Variables are {{1}}, {{2}} … (positional) or {{first_name}} (named); not at the very start or end, and never two in a row.',
		},
		{
			displayName: 'Body Examples',
			name: 'bodyExamples',
			type: 'fixedCollection',
			placeholder: 'Add Example',
			default: {},
			typeOptions: { multipleValues: true, sortable: true },
			displayOptions: { show: form, hide: authenticationCategory },
			description: 'One sample value per body variable, in order ({{1}} first). Meta reviews the template with them.',
			options: [
				{
					displayName: 'Example',
					name: 'example',
					values: [
						{
							displayName: 'Variable Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. first_name',
							description: 'For named parameters: the variable this example is for. Leave empty for positional ones.',
						},
						{ displayName: 'Example', name: 'value', type: 'string', default: '', placeholder: 'e.g. Pablo' },
					],
				},
			],
		},
		{
			displayName: 'Add Security Recommendation',
			name: 'addSecurityRecommendation',
			type: 'boolean',
			default: true,
			displayOptions: { show: { ...form, category: ['AUTHENTICATION'] } },
			description: 'Whether to add "For your security, do not share this code." to the preset body',
		},
		{
			displayName: 'Code Expiration Minutes',
			name: 'codeExpirationMinutes',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0, maxValue: 90 },
			displayOptions: { show: { ...form, category: ['AUTHENTICATION'] } },
			description: 'Shown as "This code expires in N minutes." (1–90). 0 leaves the footer out.',
		},
		{
			displayName: 'Footer',
			name: 'footerText',
			type: 'string',
			default: '',
			placeholder: 'e.g. Lucky Shrub',
			displayOptions: { show: form, hide: authenticationCategory },
			description: 'Up to 60 characters, no variables',
		},
		{
			displayName: 'Buttons',
			name: 'buttons',
			type: 'fixedCollection',
			placeholder: 'Add Button',
			default: {},
			typeOptions: { multipleValues: true, sortable: true },
			displayOptions: { show: form },
			description: 'Up to 10 buttons; quick replies must be next to each other',
			options: [
				{
					displayName: 'Button',
					name: 'button',
					values: [
						{
							displayName: 'Android Package Name',
							name: 'packageName',
							type: 'string',
							default: '',
							placeholder: 'e.g. com.example.app',
							displayOptions: { show: { type: ['OTP'], otpType: ['ONE_TAP', 'ZERO_TAP'] } },
						},
						{
							displayName: 'App Signature Hash',
							name: 'signatureHash',
							type: 'string',
							default: '',
							displayOptions: { show: { type: ['OTP'], otpType: ['ONE_TAP', 'ZERO_TAP'] } },
						},
						{
							displayName: 'Code Example',
							name: 'example',
							type: 'string',
							default: '',
							placeholder: 'e.g. 25OFF',
							displayOptions: { show: { type: ['COPY_CODE'] } },
							description: 'Sample coupon code, up to 20 characters',
						},
						{
							displayName: 'First Screen',
							name: 'navigateScreen',
							type: 'string',
							default: '',
							placeholder: 'e.g. WELCOME_SCREEN',
							displayOptions: { show: { type: ['FLOW'] } },
						},
						{
							displayName: 'Flow Action',
							name: 'flowAction',
							type: 'options',
							default: 'navigate',
							displayOptions: { show: { type: ['FLOW'] } },
							options: [
								{ name: 'Data Exchange', value: 'data_exchange' },
								{ name: 'Navigate', value: 'navigate' },
							],
						},
						{ displayName: 'Flow ID', name: 'flowId', type: 'string', default: '', displayOptions: { show: { type: ['FLOW'] } } },
						{
							displayName: 'OTP Type',
							name: 'otpType',
							type: 'options',
							default: 'COPY_CODE',
							displayOptions: { show: { type: ['OTP'] } },
							options: [
								{ name: 'Copy Code', value: 'COPY_CODE' },
								{ name: 'One-Tap Autofill', value: 'ONE_TAP' },
								{ name: 'Zero-Tap', value: 'ZERO_TAP' },
							],
						},
						{
							displayName: 'Phone Number',
							name: 'phoneNumber',
							type: 'string',
							default: '',
							placeholder: 'e.g. +15550051310',
							displayOptions: { show: { type: ['PHONE_NUMBER'] } },
						},
						{ displayName: 'Text', name: 'text', type: 'string', default: '', placeholder: 'e.g. Shop Now', description: 'Up to 25 characters' },
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							default: 'QUICK_REPLY',
							options: [
								{ name: 'Copy Code', value: 'COPY_CODE' },
								{ name: 'Flow', value: 'FLOW' },
								{ name: 'One-Time Password', value: 'OTP', description: 'Authentication templates only' },
								{ name: 'Phone Number', value: 'PHONE_NUMBER' },
								{ name: 'Quick Reply', value: 'QUICK_REPLY' },
								{ name: 'URL', value: 'URL' },
							],
						},
						{
							displayName: 'URL',
							name: 'url',
							type: 'string',
							default: '',
							placeholder: 'e.g. https://example.com/shop?promo={{1}}',
							displayOptions: { show: { type: ['URL'] } },
							description: 'May end with one variable, {{1}}, filled when sending',
						},
						{
							displayName: 'URL Example',
							name: 'urlExample',
							type: 'string',
							default: '',
							placeholder: 'e.g. summer2023',
							displayOptions: { show: { type: ['URL'] } },
							description: 'Sample for {{1}} (or the whole sample URL); required when the URL has a variable',
						},
					],
				},
			],
		},
	];
}

/** Components from the chosen input, or undefined for "Keep Current". Media samples are uploaded here. */
export async function readComponents(
	this: IExecuteFunctions,
	itemIndex: number,
	category: string,
	/** Undefined for edits: read from the variables of the new texts. */
	format: ParameterFormat | undefined,
): Promise<TemplateComponentDefinition[] | undefined> {
	const input = this.getNodeParameter('componentsInput', itemIndex) as string;
	if (input === 'keep') return undefined;
	if (input === 'json') {
		const raw = this.getNodeParameter('componentsJson', itemIndex) as unknown;
		const parsed = typeof raw === 'string' ? parseJson(raw) : { value: raw };
		if (parsed.error !== undefined) {
			throw new WhatsAppValidationError('Components (JSON)', `Components (JSON) is not valid JSON: ${parsed.error}`);
		}
		if (!Array.isArray(parsed.value)) throw new WhatsAppValidationError('Components (JSON)', 'Components (JSON) must be a list of components');
		return parsed.value as TemplateComponentDefinition[];
	}

	const authentication = category === 'AUTHENTICATION';
	const simple: SimpleTemplateInput = { category };
	if (!authentication) {
		const headerFormat = this.getNodeParameter('headerFormat', itemIndex, 'NONE') as NonNullable<SimpleTemplateInput['header']>['format'];
		simple.header = { format: headerFormat };
		if (headerFormat === 'TEXT') {
			simple.header.text = this.getNodeParameter('headerText', itemIndex, '') as string;
			simple.header.example = this.getNodeParameter('headerExample', itemIndex, '') as string;
		} else if (headerFormat === 'IMAGE' || headerFormat === 'VIDEO' || headerFormat === 'DOCUMENT') {
			const source = this.getNodeParameter('headerSampleSource', itemIndex, 'binary') as string;
			simple.header.handle =
				source === 'handle'
					? (this.getNodeParameter('headerHandle', itemIndex, '') as string)
					: await uploadTemplateSample.call(this, itemIndex, this.getNodeParameter('headerBinaryProperty', itemIndex, 'data') as string);
		}
		const examples = ((this.getNodeParameter('bodyExamples', itemIndex, {}) as IDataObject).example ?? []) as IDataObject[];
		simple.body = {
			text: this.getNodeParameter('bodyText', itemIndex, '') as string,
			examples: examples.map((entry) => ({ name: String(entry.name ?? '').trim() || undefined, example: String(entry.value ?? '') })),
		};
		simple.footer = { text: this.getNodeParameter('footerText', itemIndex, '') as string };
	} else {
		const minutes = this.getNodeParameter('codeExpirationMinutes', itemIndex, 0) as number;
		simple.body = { addSecurityRecommendation: this.getNodeParameter('addSecurityRecommendation', itemIndex, true) as boolean };
		simple.footer = minutes > 0 ? { codeExpirationMinutes: minutes } : {};
	}
	const buttons = ((this.getNodeParameter('buttons', itemIndex, {}) as IDataObject).button ?? []) as IDataObject[];
	simple.buttons = buttons.map((button) => {
		const text = (key: string) => (button[key] === undefined ? undefined : String(button[key]));
		return {
			type: String(button.type ?? 'QUICK_REPLY') as SimpleButton['type'],
			text: text('text'),
			url: text('url'),
			urlExample: text('urlExample'),
			phoneNumber: text('phoneNumber'),
			example: text('example'),
			flowId: text('flowId'),
			flowAction: text('flowAction'),
			navigateScreen: text('navigateScreen'),
			otpType: text('otpType') as SimpleButton['otpType'],
			packageName: text('packageName'),
			signatureHash: text('signatureHash'),
		};
	});
	const texts = [simple.header?.text, simple.body?.text].map((text) => ({ type: 'BODY', text }));
	return buildSimpleComponents(simple, format ?? inferParameterFormat(texts));
}
