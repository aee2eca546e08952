import type { ILoadOptionsFunctions, INodeParameterResourceLocator, ResourceMapperFields } from 'n8n-workflow';

import { parameterFieldsFor } from '../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { TemplateCatalog } from '../actions/template/common';

/**
 * The send fields of the picked template: one per header variable or media, body variable, button
 * value and carousel card value, named so the id says where the value goes (`body.1`,
 * `button.1.url`, `card.0.header.image` …).
 */
export async function getTemplateParameterFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const locator = this.getCurrentNodeParameter('template') as INodeParameterResourceLocator | undefined;
	const value = String(locator?.value ?? '').trim();
	if (!locator || !value) return { fields: [], emptyFieldsNotice: 'Pick a template first: its variables appear here.' };
	if (value.startsWith('=')) {
		return { fields: [], emptyFieldsNotice: 'The template is an expression: pick one from the list to see its fields, then map values to them.' };
	}
	const language = String(this.getCurrentNodeParameter('language') ?? '');
	// A wrong name or language is a choice to fix, shown in place of the fields; API errors propagate.
	const resolved = await new TemplateCatalog(this)
		.resolve(locator, language.startsWith('=') ? '' : language)
		.catch((error: unknown) => {
			if (error instanceof WhatsAppValidationError) return error;
			return Promise.reject(error);
		});
	if (resolved instanceof WhatsAppValidationError) return { fields: [], emptyFieldsNotice: resolved.message };
	const fields = parameterFieldsFor(resolved.definition).map((field) => ({
		id: field.id,
		displayName: field.displayName,
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: field.type,
	}));
	return { fields, emptyFieldsNotice: 'This template has no variables: it is sent as it is.' };
}
