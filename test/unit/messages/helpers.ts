/* eslint-disable @n8n/community-nodes/require-node-api-error -- test helper: re-throws unexpected errors unchanged */
import { WhatsAppValidationError } from '../../../whatsapp/validation';

/** Runs `build` and returns the validation error it throws, failing the test if it does not. */
export function validationError(build: () => unknown): WhatsAppValidationError {
	try {
		build();
	} catch (error) {
		if (error instanceof WhatsAppValidationError) return error;
		throw error;
	}
	throw new Error('expected a WhatsAppValidationError, but nothing was thrown');
}

export function repeat(length: number, char = 'a'): string {
	return char.repeat(length);
}
