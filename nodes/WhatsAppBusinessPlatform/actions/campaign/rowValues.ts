/**
 * Parameter values for recipients that are rows of a data table (or contacts of the contact book)
 * rather than input items. n8n evaluates a node's expressions against its input items only, so a
 * campaign that reads its own audience resolves the expressions that read the recipient itself
 * (helpers/columnReferences.ts): `{{ $json.column }}` takes the row's value. Expressions that do
 * not read the recipient are evaluated once by n8n; any other that does is refused.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Row } from '../../helpers/columnReferences';
import { compileRowValue } from '../../helpers/columnReferences';
import type { ParameterReaders } from '../template/sendFields';
import { hasExpression, rawParameter } from '../template/sendFields';

export type { Row } from '../../helpers/columnReferences';

/** The fields whose expressions read the recipient, by parameter name, for error messages. */
const FIELD_NAMES: Record<string, string> = {
	recipient: 'Recipient Phone Number',
	optedOut: 'Opted Out',
	text: 'Text',
	lastInboundAt: 'Customer Last Message At',
	template: 'Template',
	language: 'Language',
	templateParameters: 'Template fields',
	templateName: 'Template Name',
	templateLanguage: 'Template Language',
	headerValue: 'Header Value',
	'bodyParameters.parameter': 'Body Parameter',
	'buttonParameters.button': 'Button Parameter',
	'options.componentsJson': 'Components (JSON)',
};

/** The rows the readers answer for: replaced page by page, read by index within the page. */
export interface RowPage {
	rows: Row[];
}

/**
 * Parameter readers whose index is a row of `page`: a value without expressions is read once from
 * n8n; one with expressions is compiled by `compileRowValue` (a refused expression throws here,
 * before anything is sent).
 */
export function rowParameterReaders(context: IExecuteFunctions, page: RowPage): ParameterReaders {
	return (name, fallback) => {
		const raw = rawParameter(context, name);
		if (!hasExpression(raw)) {
			const value = context.getNodeParameter(name, 0, fallback);
			return () => value;
		}
		const value = compileRowValue(raw, FIELD_NAMES[name] ?? name, (expression) => context.evaluateExpression(expression, 0));
		return (index) => value(page.rows[index] ?? {}) ?? fallback;
	};
}
