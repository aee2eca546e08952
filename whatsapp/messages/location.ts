/** A location pin (cloud-api-facts §2.4). */
import { WhatsAppValidationError } from '../validation';
import { optionalText } from './common';
import type { MessageContent } from './envelope';

export interface LocationInput {
	latitude: number | string;
	longitude: number | string;
	name?: string;
	/** WhatsApp shows the address only together with a name. */
	address?: string;
}

function coordinate(field: string, value: unknown, max: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new WhatsAppValidationError(field, `${field} must be a number in decimal degrees, such as 37.4421; got "${String(value ?? '')}"`);
	}
	if (Math.abs(number) > max) {
		throw new WhatsAppValidationError(field, `${field} is ${number}; it must be between -${max} and ${max}`);
	}
	return number;
}

export function buildLocation(input: LocationInput): MessageContent {
	const location: Record<string, unknown> = {
		latitude: coordinate('Latitude', input.latitude, 90),
		longitude: coordinate('Longitude', input.longitude, 180),
	};
	const name = optionalText(input.name);
	const address = optionalText(input.address);
	if (name !== undefined) location.name = name;
	if (address !== undefined) location.address = address;
	return { type: 'location', location };
}
