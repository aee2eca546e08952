import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Contact } from '../../../../whatsapp/contacts';
import { ContactBook } from '../../../../whatsapp/contacts';
import type { ContactTableRef } from '../../../shared/contacts/dataTableStore';
import { DataTableContactStore, DEFAULT_CONTACT_TABLE } from '../../../shared/contacts/dataTableStore';

/** The data table that holds the contact book. Shared by every contact operation and the send guard. */
export function contactTableLocator(name: string): INodeProperties {
	return {
		displayName: 'Contact Book Table',
		name,
		type: 'resourceLocator',
		default: { mode: 'name', value: DEFAULT_CONTACT_TABLE },
		required: true,
		description:
			'The n8n data table that keeps the contact book. A new name is created on first use; every workflow that uses the same table shares the same contacts.',
		modes: [
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: `e.g. ${DEFAULT_CONTACT_TABLE}`,
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5kZ18Bjru7Df9KWc',
			},
		],
	};
}

export const contactTable = contactTableLocator('contactTable');

export const waIdField: INodeProperties = {
	displayName: 'Contact Phone Number',
	name: 'waId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. +15551234567',
	description:
		"The customer's WhatsApp ID (wa_id) or phone number with country code. Spaces, dashes and + are removed; it is the contact's key.",
};

export const labelsField: INodeProperties = {
	displayName: 'Labels',
	name: 'labels',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. vip, awaiting payment',
	description: 'One or more labels, separated by commas, or a list of texts from an expression',
};

/** The table the user picked for item `itemIndex`. */
export function tableRef(context: IExecuteFunctions, parameterName: string, itemIndex: number): ContactTableRef {
	const locator = context.getNodeParameter(parameterName, itemIndex, { mode: 'name', value: DEFAULT_CONTACT_TABLE }) as {
		mode?: string;
		value?: unknown;
	};
	return {
		mode: locator.mode === 'id' ? 'id' : 'name',
		value: String(locator.value ?? ''),
		field: 'Contact Book Table',
	};
}

/**
 * The contact book for one execution. One book per table, so the table is looked up once per run;
 * nothing outlives the execution.
 */
export function contactBooks(context: IExecuteFunctions, parameterName = 'contactTable'): (itemIndex: number) => ContactBook {
	const books = new Map<string, ContactBook>();
	return (itemIndex) => {
		const ref = tableRef(context, parameterName, itemIndex);
		const key = `${ref.mode}:${ref.value}`;
		let book = books.get(key);
		if (!book) {
			book = new ContactBook(new DataTableContactStore(context, ref));
			books.set(key, book);
		}
		return book;
	};
}

export function contactJson(contact: Contact): IDataObject {
	return { found: true, ...contact } as unknown as IDataObject;
}

export const attributesUi: INodeProperties = {
	displayName: 'Attributes',
	name: 'attributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Attribute',
	default: {},
	description: 'Custom fields such as a CRM ID, language or tier',
	options: [
		{
			displayName: 'Attribute',
			name: 'attribute',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. crm_id',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. A-17',
				},
			],
		},
	],
};

/**
 * The attribute pairs as one object. An expression may also give the object (or JSON) directly;
 * that goes to the domain check unchanged.
 */
export function attributesFromUi(input: unknown): unknown {
	const pairs = (input as { attribute?: unknown } | undefined)?.attribute;
	if (!Array.isArray(pairs)) return input;
	const attributes: IDataObject = {};
	for (const pair of pairs as Array<{ name?: unknown; value?: unknown }>) {
		if (typeof pair.name === 'string' && pair.name.trim() !== '') attributes[pair.name.trim()] = pair.value as IDataObject[string];
	}
	return attributes;
}
