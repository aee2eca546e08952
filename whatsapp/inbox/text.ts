/**
 * Matching text the way a customer types it: any case, with or without accents ("Dirección",
 * "direccion"), with stray punctuation and spaces ("  stop! ").
 */

/** Lower case, accents removed, punctuation turned into spaces, spaces collapsed. */
export function foldText(value: unknown): string {
	return String(value ?? '')
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}/]+/gu, ' ')
		.trim()
		.replace(/\s+/g, ' ');
}

/** Comma- or newline-separated words as a list, empty entries dropped. */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
	return String(value ?? '')
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

/** Whether `phrase` (already folded) appears in `text` (already folded) as whole words. */
export function containsPhrase(text: string, phrase: string): boolean {
	if (phrase === '') return false;
	return ` ${text} `.includes(` ${phrase} `);
}

export interface TemplateVariables {
	[name: string]: string | number | boolean | null | undefined;
}

/**
 * Fills `{{name}}`-style variables. `{{name|there}}` gives a default when the value is empty; an
 * unknown variable without a default becomes empty text, never the raw braces.
 */
export function fillVariables(text: string, variables: TemplateVariables): string {
	return text.replace(/\{\{\s*([\w.]+)\s*(?:\|([^}]*))?\}\}/g, (_whole, name: string, fallback: string | undefined) => {
		const value = variables[name] ?? variables[name.replace(/^(contact|attributes)\./, '')];
		const textValue = value === undefined || value === null ? '' : String(value);
		return textValue !== '' ? textValue : (fallback ?? '').trim();
	});
}
