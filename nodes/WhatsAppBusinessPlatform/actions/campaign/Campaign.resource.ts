import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';

export const resource = { name: 'Campaign', value: 'campaign' };

/** Operation name → module. A resource with no operations is left out of the node. */
export const operations: Record<string, OperationModule> = {};

export const description: INodeProperties[] = [];
