import { LIMITS } from '../limits';
import { checkMaxLength, requireText } from '../validation';
import type { MessageContent } from './envelope';

export interface TextInput {
	body: string;
	/** Show a preview of the first http(s) URL in the body. */
	previewUrl?: boolean;
}

export function buildText(input: TextInput): MessageContent {
	const body = requireText('Text', input.body);
	checkMaxLength('Text', body, LIMITS.textBody);
	return { type: 'text', text: { preview_url: input.previewUrl === true, body } };
}
