/**
 * Data-table IDs by name, remembered in the node's workflow static data. Finding a table by name
 * costs a call to n8n's API (16 ms median on loopback) before the first operation of every run; n8n loads
 * a workflow's static data with the workflow for every production execution, on every process, so
 * an ID kept there is found without a call. n8n saves static data after a production execution
 * (last write wins), which suits a value every writer writes the same; manual runs read it and do
 * not save it. A remembered ID that stopped working (the table was deleted, or recreated under the
 * same name) is forgotten by the caller and looked up again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { N8nApiContext } from './n8nApi';

/** A node names up to three tables; more are kept only up to this many, newest last. */
const MAX_REMEMBERED = 16;

function nodeStaticData(context: N8nApiContext): IDataObject | undefined {
	// List searches and some hook contexts have no static data: they just look the table up.
	if (!('getWorkflowStaticData' in context) || typeof context.getWorkflowStaticData !== 'function') return undefined;
	try {
		return context.getWorkflowStaticData('node');
	} catch {
		return undefined;
	}
}

function rememberedIds(staticData: IDataObject | undefined): Record<string, unknown> {
	const ids = staticData?.dataTableIds;
	return typeof ids === 'object' && ids !== null && !Array.isArray(ids) ? (ids as Record<string, unknown>) : {};
}

function rememberedTableId(context: N8nApiContext, name: string): string | undefined {
	const id = rememberedIds(nodeStaticData(context))[name];
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * The map is replaced, never changed in place: n8n notices an assignment to the node's static data
 * (and then saves it), while a key added to a map created in this run would go unnoticed.
 */
function rememberTableId(context: N8nApiContext, name: string, id: string): void {
	const staticData = nodeStaticData(context);
	const ids = rememberedIds(staticData);
	// Writing the value it already holds would still cost n8n a save of the workflow's static data.
	if (!staticData || ids[name] === id) return;
	const kept = Object.entries(ids).filter(([key]) => key !== name);
	staticData.dataTableIds = Object.fromEntries([...kept.slice(Math.max(0, kept.length - MAX_REMEMBERED + 1)), [name, id]]);
}

function forgetTableId(context: N8nApiContext, name: string): void {
	const staticData = nodeStaticData(context);
	const ids = rememberedIds(staticData);
	if (!staticData || !(name in ids)) return;
	staticData.dataTableIds = Object.fromEntries(Object.entries(ids).filter(([key]) => key !== name));
}

/** n8n's API answers 404 for a table that no longer exists (and 400 for an ID of the wrong shape). */
export function isMissingTable(error: unknown): boolean {
	const status = String((error as { httpCode?: unknown })?.httpCode ?? '');
	return status === '404' || status === '400';
}

/**
 * A table an operation works on, found once per node run: from the node's static data when an
 * earlier execution remembered it, else by `resolve` (which finds or creates it and checks its
 * columns), then remembered. `key` names the table's purpose and how the user gave it
 * (`contacts|name:whatsapp_contact_events`), so two stores never share an ID checked for the other.
 */
export class RememberedTable {
	private pending?: Promise<{ id: string; remembered: boolean }>;

	constructor(
		private readonly context: N8nApiContext,
		private readonly key: string,
		private readonly resolve: () => Promise<string>,
	) {}

	async id(): Promise<string> {
		return (await this.current()).id;
	}

	private async current(): Promise<{ id: string; remembered: boolean }> {
		this.pending ??= (async () => {
			const remembered = rememberedTableId(this.context, this.key);
			if (remembered) return { id: remembered, remembered: true };
			const id = await this.resolve();
			rememberTableId(this.context, this.key, id);
			return { id, remembered: false };
		})().catch(async (error: unknown) => {
			// A failed lookup is not kept: the next item tries again.
			this.pending = undefined;
			return await Promise.reject(error);
		});
		return await this.pending;
	}

	/**
	 * Runs `operation` on the table. When a remembered ID no longer works (the table was deleted or
	 * recreated), it is forgotten, the table is looked up again and the operation runs once more;
	 * an answer of 404 or 400 means the request did nothing, so running it again is safe.
	 */
	async run<T>(operation: (tableId: string) => Promise<T>): Promise<T> {
		const table = await this.current();
		const resolved = this.pending;
		return await operation(table.id).catch(async (error: unknown) => {
			// Errors pass on unchanged: they are n8n API errors already, with their hints.
			if (!table.remembered || !isMissingTable(error)) return await Promise.reject(error);
			forgetTableId(this.context, this.key);
			// Operations running side by side fail together; only the first starts a new lookup.
			if (this.pending === resolved) this.pending = undefined;
			return await operation(await this.id());
		});
	}
}
