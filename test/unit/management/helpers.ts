import { WhatsAppValidationError } from '../../../whatsapp/validation';

/** The WhatsAppValidationError `build` throws; the test fails when it throws nothing or something else. */
export function validationErrorOf(build: () => unknown): WhatsAppValidationError {
	let caught: unknown;
	try {
		build();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(WhatsAppValidationError);
	return caught as WhatsAppValidationError;
}
