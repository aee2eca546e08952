import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { prepareSend } from '../../helpers/prepareSend';
import { sendMessages } from '../../helpers/sendPipeline';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { TemplateCatalog } from './common';
import { componentsJsonOption, templateFieldReaders, templateSendFields, TemplateSends } from './sendFields';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	...templateSendFields({ required: true }),
	{ ...sendOptionsCollection, options: [...(sendOptionsCollection.options as INodeProperties[]), componentsJsonOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const sends = new TemplateSends(new TemplateCatalog(this));
	const read = templateFieldReaders(this, 'sendOptions.componentsJson');
	return await sendMessages.call(this, items, async (itemIndex) => {
		const content = await sends.message(read.choice(itemIndex), read.input(itemIndex));
		return await prepareSend.call(this, itemIndex, content);
	});
}
