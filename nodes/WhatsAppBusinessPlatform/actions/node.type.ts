import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Every operation module exports its UI properties and an `execute` over all input items. */
export interface OperationModule {
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}
