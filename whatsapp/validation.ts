/**
 * Local checks of Meta's documented limits, run before any request. A failed check names the
 * field (as the user sees it), the rule and the value's actual size, so the user can fix it
 * without reading Meta's reference.
 */

export class WhatsAppValidationError extends Error {
	constructor(
		/** The field as the user knows it, such as "Body" or "Button 2 title". */
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'WhatsAppValidationError';
	}
}

/** Length as WhatsApp counts it: Unicode code points, so an emoji is one character. */
export function charLength(value: string): number {
	return Array.from(value).length;
}

export function requireText(field: string, value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new WhatsAppValidationError(field, `${field} is required`);
	}
	return value;
}

export function checkMaxLength(field: string, value: string | undefined, max: number): void {
	if (value === undefined) return;
	const length = charLength(value);
	if (length > max) {
		throw new WhatsAppValidationError(
			field,
			`${field} is ${length} characters long; WhatsApp allows at most ${max}`,
		);
	}
}

export function checkCount(field: string, count: number, min: number, max: number): void {
	if (count < min || count > max) {
		const range = min === max ? `exactly ${min}` : `${min} to ${max}`;
		throw new WhatsAppValidationError(field, `${field}: ${count} given; WhatsApp allows ${range}`);
	}
}
