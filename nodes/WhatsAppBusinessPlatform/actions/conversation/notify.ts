import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildSendBody } from '../../../../whatsapp/messages/envelope';
import type { MessageContent } from '../../../../whatsapp/messages/envelope';
import { buildText } from '../../../../whatsapp/messages/text';
import { DEFAULT_PIPELINE_OPTIONS, sendMessages } from '../../helpers/sendPipeline';

export interface ConversationSend {
	phoneNumberId: string;
	to: string;
	content: MessageContent;
}

/** Sends messages to customers through the node's one send path; one result per send, in order. */
export async function sendToCustomers(context: IExecuteFunctions, sends: ConversationSend[]): Promise<IDataObject[]> {
	if (sends.length === 0) return [];
	const items: INodeExecutionData[] = sends.map(() => ({ json: {} }));
	const output = await sendMessages.call(
		context,
		items,
		async (index) => {
			const body = buildSendBody(sends[index].content, { to: sends[index].to });
			return { phoneNumberId: sends[index].phoneNumberId, body: body as unknown as IDataObject, recipient: body.to };
		},
		{ ...DEFAULT_PIPELINE_OPTIONS, contactBookGuard: false },
	);
	return output.map((item) => item.json);
}

export function textContent(text: string): MessageContent {
	return buildText({ body: text, previewUrl: false });
}
