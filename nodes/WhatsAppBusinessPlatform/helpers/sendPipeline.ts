import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Clock } from '../../../whatsapp/pacing/scheduler';
import { runPaced } from '../../../whatsapp/pacing/scheduler';
import { applySendGuard } from '../../shared/contacts/sendGuard';
import { graphRequest } from '../../shared/transport/graph';
import { failedItemJson, toNodeError } from './runPerItem';

/** What an operation hands to the pipeline for one item. */
export interface PreparedSend {
	phoneNumberId: string;
	/** The complete `/messages` body. */
	body: IDataObject;
	/** Spacing key for the pair rate limit (the normalised recipient); none for mark-as-read. */
	recipient?: string;
	/**
	 * The template's category (MARKETING, UTILITY, AUTHENTICATION) when the operation knows it. Only
	 * the contact-book guard reads it; without it the guard asks Meta when it matters.
	 */
	templateCategory?: string;
}

export interface PipelineOptions {
	messagesPerSecond: number;
	maxInFlight: number;
	/** False for sends that make their own window decision (conversation replies): no contact-book guard. */
	contactBookGuard?: boolean;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = { messagesPerSecond: 80, maxInFlight: 16 };

export const n8nClock: Clock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms) };

/** The friendly output of an accepted send; the raw answer stays under `response`. */
export function sendResultJson(prepared: PreparedSend, response: IDataObject): IDataObject {
	const contact = (response.contacts as IDataObject[] | undefined)?.[0];
	const message = (response.messages as IDataObject[] | undefined)?.[0];
	if (!message) return { success: response.success === true, phoneNumberId: prepared.phoneNumberId, response };
	return {
		messageId: message.id,
		status: message.message_status ?? 'accepted',
		recipient: contact?.input ?? prepared.recipient,
		waId: contact?.wa_id,
		phoneNumberId: prepared.phoneNumberId,
		response,
	};
}

/**
 * The one send path of the node. Every item is prepared (and validated) first, so a bad item stops
 * the run before anything is sent unless "Continue On Fail" is on. Then the sends run with several
 * in flight, paced to `messagesPerSecond` and spaced per recipient. Output order matches input.
 */
export async function sendMessages(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => Promise<PreparedSend>,
	options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const prepared: Array<PreparedSend | undefined> = [];
	const output: INodeExecutionData[] = new Array(items.length);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(await prepare(itemIndex));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			prepared.push(undefined);
			output[itemIndex] = { json: failedItemJson(error), pairedItem: { item: itemIndex } };
		}
	}

	// The contact-book guard (off unless "Check Contact Book" is on): may refuse items or swap in a
	// template. A refused item fails like an invalid one: nothing is sent for it.
	const guard =
		options.contactBookGuard === false
			? { refused: new Map<number, Error>(), notes: new Map<number, IDataObject>(), recordSent: async () => undefined }
			: await applySendGuard.call(this, prepared);
	for (const [itemIndex, error] of guard.refused) {
		if (!continueOnFail) throw toNodeError(this, error, itemIndex);
		prepared[itemIndex] = undefined;
		output[itemIndex] = { json: failedItemJson(error), pairedItem: { item: itemIndex } };
	}

	const indexes = prepared.flatMap((entry, itemIndex) => (entry ? [itemIndex] : []));
	let firstFailure: { itemIndex: number; error: unknown } | undefined;
	const results = await runPaced(
		indexes.map((itemIndex) => ({
			key: prepared[itemIndex]!.recipient,
			run: async () => {
				// Without "Continue On Fail" the first failure ends the run: do not start more sends.
				if (firstFailure) return undefined;
				const send = prepared[itemIndex]!;
				return await graphRequest
					.call(this, 'POST', `${send.phoneNumberId}/messages`, { body: send.body }, itemIndex)
					.catch((error: unknown) => {
						if (!continueOnFail && !firstFailure) firstFailure = { itemIndex, error };
						return Promise.reject(error);
					}) as IDataObject;
			},
		})),
		{ perSecond: options.messagesPerSecond, maxInFlight: options.maxInFlight },
		n8nClock,
	);

	const accepted = results.flatMap((result, position) => {
		if (!result.ok || !result.value) return [];
		const json = sendResultJson(prepared[indexes[position]]!, result.value ?? {});
		return [{ itemIndex: indexes[position], waId: json.waId as string | undefined, messageId: json.messageId as string | undefined }];
	});
	const recordError = guard.notes.size > 0 ? await guard.recordSent(accepted) : undefined;

	if (firstFailure) throw toNodeError(this, firstFailure.error, firstFailure.itemIndex);

	results.forEach((result, position) => {
		const itemIndex = indexes[position];
		const json = result.ok ? sendResultJson(prepared[itemIndex]!, result.value ?? {}) : failedItemJson(result.error);
		const note = guard.notes.get(itemIndex);
		if (note) json.contactBook = recordError && result.ok ? { ...note, warning: recordError } : note;
		output[itemIndex] = { json, pairedItem: { item: itemIndex } };
	});
	return output;
}
