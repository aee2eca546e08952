import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { metaErrorOf } from '../../shared/transport/graph';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

/**
 * The error as n8n shows it: validation failures become NodeOperationErrors naming the field,
 * everything else is already a NodeApiError from the transport.
 */
export function toNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof WhatsAppValidationError) {
		return new NodeOperationError(context.getNode(), error.message, {
			itemIndex,
			description: `Fix "${error.field}" and run again. Nothing was sent to WhatsApp.`,
		});
	}
	if (error instanceof Error) {
		const withItem = error as Error & { context?: IDataObject };
		if (withItem.context && withItem.context.itemIndex === undefined) withItem.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), String(error), { itemIndex });
}

/** The JSON a failed item carries under "Continue On Fail": Meta's code and hint when there is one. */
export function failedItemJson(error: unknown): IDataObject {
	const metaError = metaErrorOf(error);
	if (metaError) {
		return {
			error: metaError.message,
			code: metaError.code,
			...(metaError.subcode !== undefined ? { errorSubcode: metaError.subcode } : {}),
			...(metaError.details ? { details: metaError.details } : {}),
			category: metaError.category,
			hint: metaError.hint,
			...(metaError.fbtraceId ? { fbtraceId: metaError.fbtraceId } : {}),
		};
	}
	if (error instanceof WhatsAppValidationError) {
		return { error: error.message, field: error.field, category: 'validation' };
	}
	const description = (error as { description?: unknown })?.description;
	return {
		error: error instanceof Error ? error.message : String(error),
		...(typeof description === 'string' ? { hint: description } : {}),
	};
}

/** Output items with binary data (downloads), as opposed to plain JSON results. */
export class ExecutionItems {
	constructor(readonly items: INodeExecutionData[]) {}
}

/**
 * Runs `operation` for each item, one after another, honouring "Continue On Fail" and keeping
 * `pairedItem`. For operations whose items are independent management calls; sends use the paced
 * pipeline in `sendPipeline.ts` instead.
 */
export async function runPerItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: (itemIndex: number) => Promise<IDataObject | IDataObject[] | ExecutionItems>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation(itemIndex);
			const list: INodeExecutionData[] =
				result instanceof ExecutionItems
					? result.items
					: (Array.isArray(result) ? result : [result]).map((json) => ({ json }));
			for (const entry of list) output.push({ ...entry, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: failedItemJson(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw toNodeError(this, error, itemIndex);
		}
	}
	return output;
}
