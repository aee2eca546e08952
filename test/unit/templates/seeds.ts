/**
 * The template shapes of cloud-api-facts §2.7/§4 as Graph returns them, taken from the simulator's
 * seeded catalogue so the builder and the simulator agree on one set of definitions.
 */
import { SEED_TEMPLATES } from '../../../simulator/templates';
import type { TemplateDefinition } from '../../../whatsapp/templates';
import { toTemplateDefinition } from '../../../whatsapp/templates';

export function seed(name: string, language = 'en_US'): TemplateDefinition {
	const found = SEED_TEMPLATES.find((template) => template.name === name && template.language === language);
	if (!found) throw new Error(`No seeded template ${name} (${language})`);
	return toTemplateDefinition(structuredClone(found));
}

export const SEED_NAMES = [...new Set(SEED_TEMPLATES.map((template) => template.name))];
