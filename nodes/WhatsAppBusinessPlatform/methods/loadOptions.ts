import type { ILoadOptionsFunctions, INodeParameterResourceLocator, INodePropertyOptions } from 'n8n-workflow';

import { TEMPLATE_LANGUAGES } from '../../../whatsapp/templates';
import { TemplateCatalog } from '../actions/template/common';

/** Every language Meta supports for templates (cloud-api-facts §13.5). */
export async function getLanguageCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return TEMPLATE_LANGUAGES.map((code) => ({ name: code, value: code }));
}

/**
 * The language versions of the picked template, for the send's Language field. The first entry
 * (empty) keeps the picked template's own language.
 */
export async function getTemplateLanguages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const own: INodePropertyOptions = { name: 'Template’s Own Language', value: '' };
	const locator = this.getCurrentNodeParameter('template') as INodeParameterResourceLocator | undefined;
	const value = String(locator?.value ?? '').trim();
	if (!value || value.startsWith('=')) return [own];
	const catalog = new TemplateCatalog(this);
	const name = locator?.mode === 'name' ? value : (await catalog.get(value)).name;
	const translations = await catalog.translations(name);
	return [
		own,
		...translations.map((template) => ({
			name: `${template.language}${template.status && template.status !== 'APPROVED' ? ` (${template.status})` : ''}`,
			value: template.language,
		})),
	];
}
