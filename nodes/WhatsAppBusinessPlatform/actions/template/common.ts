import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import type { TemplateDefinition } from '../../../../whatsapp/templates';
import { parameterFieldsFor, toTemplateDefinition } from '../../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { getGraphCredentials, graphRequest, graphRequestAllItems } from '../../../shared/transport/graph';

/** Fields read for a template: everything the send fields and the output need. */
export const TEMPLATE_FIELDS =
	'id,name,language,status,category,parameter_format,components,quality_score,rejected_reason,previous_category';

const idMode = {
	displayName: 'By ID',
	name: 'id',
	type: 'string' as const,
	placeholder: 'e.g. 1627019861106475',
	validation: [{ type: 'regex' as const, properties: { regex: '^\\d+$', errorMessage: 'A template ID has digits only' } }],
};

const listMode = {
	displayName: 'From List',
	name: 'list',
	type: 'list' as const,
	typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
};

/** A template picked for management calls: from the list (any status) or by ID. */
export const templateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'template',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The template (one language version of it) to act on',
	modes: [listMode, idMode],
};

/** The template to send: approved ones from the list, by name (with a language) or by ID. */
export const sendTemplateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'template',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The approved template to send. The list shows "name (language, category)".',
	modes: [
		listMode,
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. order_confirmation',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[a-z0-9_]+$', errorMessage: 'Template names use lowercase letters, digits and underscores' },
				},
			],
		},
		idMode,
	],
};

export interface ResolvedTemplate {
	definition: TemplateDefinition;
	/** The language code to send. */
	language: string;
}

/**
 * Reads template definitions for one execution (or one editor request), each at most once: Meta
 * counts every management call against the app's hourly limit (cloud-api-facts §13.3), so a send to
 * 1 000 recipients must not fetch the same template 1 000 times. Not module state: one instance per
 * `execute()` call.
 */
export class TemplateCatalog {
	private readonly byId = new Map<string, Promise<TemplateDefinition>>();

	private readonly byName = new Map<string, Promise<TemplateDefinition[]>>();

	constructor(private readonly context: IExecuteFunctions | ILoadOptionsFunctions) {}

	async get(id: string): Promise<TemplateDefinition> {
		let entry = this.byId.get(id);
		if (!entry) {
			entry = graphRequest
				.call(this.context, 'GET', id, { qs: { fields: TEMPLATE_FIELDS } })
				.then((raw) => toTemplateDefinition(raw));
			this.byId.set(id, entry);
		}
		return await entry;
	}

	/** Every language version of the template with exactly this name. */
	async translations(name: string): Promise<TemplateDefinition[]> {
		let entry = this.byName.get(name);
		if (!entry) {
			entry = (async () => {
				const { businessAccountId } = await getGraphCredentials.call(this.context);
				// Graph's name filter matches substrings: keep exact matches only.
				const list = await graphRequestAllItems.call(this.context, `${businessAccountId}/message_templates`, {
					name,
					fields: TEMPLATE_FIELDS,
					limit: 100,
				});
				return list.map((raw) => toTemplateDefinition(raw)).filter((template) => template.name === name);
			})();
			this.byName.set(name, entry);
		}
		return await entry;
	}

	/**
	 * The definition to build the send from, and the language to send. With another language than
	 * the picked template's, that translation's own definition is used when it exists; otherwise the
	 * picked one is sent with the other code and Meta decides (132001 when the translation is missing).
	 */
	async resolve(locator: INodeParameterResourceLocator, languageInput: string): Promise<ResolvedTemplate> {
		const value = String(locator.value ?? '').trim();
		const language = languageInput.trim();
		if (!value) throw new WhatsAppValidationError('Template', 'Template is required: pick one from the list or give its name or ID');

		if (locator.mode === 'name') {
			const translations = await this.translations(value);
			const available = translations.map((template) => template.language).join(', ');
			if (translations.length === 0) {
				throw new WhatsAppValidationError('Template', `No template named "${value}" exists in this WhatsApp Business Account`);
			}
			if (!language) {
				if (translations.length === 1) return { definition: translations[0], language: translations[0].language };
				throw new WhatsAppValidationError('Language', `Template "${value}" exists in ${available}: set Language to the one to send`);
			}
			const match = translations.find((template) => template.language === language);
			if (!match) {
				throw new WhatsAppValidationError('Language', `Template "${value}" has no ${language} version; it exists in ${available}`);
			}
			return { definition: match, language };
		}

		const picked = await this.get(value);
		if (!language || language === picked.language) return { definition: picked, language: picked.language };
		const translation = (await this.translations(picked.name)).find((template) => template.language === language);
		return { definition: translation ?? picked, language };
	}
}

/** A template as an output item: Graph's fields plus the parameters a send needs. */
export function templateJson(raw: IDataObject): IDataObject {
	const fields = parameterFieldsFor(toTemplateDefinition(raw));
	return {
		...raw,
		sendParameters: fields.map((field) => ({
			id: field.id,
			label: field.label,
			required: field.required,
			...(field.example !== undefined ? { example: field.example } : {}),
		})),
	};
}
