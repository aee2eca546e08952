/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- benchmark code runs in Node, not inside n8n; it prints tables */
/**
 * What one Assign reads with a long team history, before and after compaction of conversation
 * events. A team of 5 agents with BENCH_RESOLVED (default 1,000) resolved and BENCH_OPEN (50) open
 * conversations, written through the desk itself (round-robin, an agent reply, resolve), in the
 * in-memory store. Then BENCH_ASSIGNS (20) new conversations are assigned with each load-based
 * strategy, on a copy of the same history:
 *   before  compaction off (the desk as it was: every event of the team's history is read)
 *   after   compaction on, once the resolved conversations are quiet and compacted
 * Reported per Assign: rows read (every row a store read returns, including the rows behind the
 * team's candidate filter) and milliseconds. The same is then measured through the package's Data
 * Tables store (nodes/shared/conversations) over HTTP against the Data Tables fake of the engine
 * tests (filters, paging and the ledger as n8n's public API does them); there "rows read" counts the
 * event-table rows in the API's answers. Run: npx tsx bench/conversationLoads.ts
 * (BENCH_HTTP=0 skips the HTTP part).
 */
import { performance } from 'node:perf_hooks';

import type { IExecuteFunctions } from 'n8n-workflow';

import { DataTableConversationStore, DEFAULT_CONVERSATION_TABLE } from '../nodes/shared/conversations/dataTableStore';
import { startFakeDataTables } from '../test/workflows/campaign/fakeDataTables';

import type { Agent, AssignmentStrategy } from '../whatsapp/routing/assignment';
import type { StoredConversationEvent } from '../whatsapp/conversations';
import { ConversationDesk, DEFAULT_QUIET_MS, isFinishedSnapshot, MemoryConversationStore } from '../whatsapp/conversations';

const RESOLVED = Number(process.env.BENCH_RESOLVED ?? 1000);
const OPEN = Number(process.env.BENCH_OPEN ?? 50);
const ASSIGNS = Number(process.env.BENCH_ASSIGNS ?? 20);
const PN = '106540352242922';
const TEAM = 'support';

class CountingStore extends MemoryConversationStore {
	rowsRead = 0;
	reads = 0;
	override async readKey(key: string): Promise<StoredConversationEvent[]> {
		const rows = await super.readKey(key);
		this.count(rows.length);
		return rows;
	}
	override async readConversations(ids: string[]): Promise<StoredConversationEvent[]> {
		const rows = await super.readConversations(ids);
		this.count(rows.length);
		return rows;
	}
	override async openConversationIds(filter: { team?: string; agent?: string }): Promise<string[]> {
		// The Data Tables store reads these rows to collect the IDs: they count too.
		const matching = this.events.filter((e) =>
			filter.team !== undefined ? e.team === filter.team && !isFinishedSnapshot(e) : filter.agent !== undefined ? e.agent === filter.agent && !isFinishedSnapshot(e) : e.kind === 'opened' || e.kind === 'snapshot',
		);
		this.count(matching.length);
		return await super.openConversationIds(filter);
	}
	private count(rows: number): void {
		this.rowsRead += rows;
		this.reads++;
	}
	copy(): CountingStore {
		const other = new CountingStore(this.agentList);
		other.events = structuredClone(this.events);
		other.claims.push(...this.claims);
		(other as unknown as { nextId: number }).nextId = (this as unknown as { nextId: number }).nextId;
		return other;
	}
}

function clockAt(t: number) {
	const clock = { t, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms) };
	return clock;
}

const agents: Agent[] = ['ana', 'bo', 'carla', 'dan', 'eli'].map((id) => ({ id, name: id, teams: [TEAM], capacity: 30, available: true, contact: '' }));
let messageNo = 0;
const message = (waId: string, at: number) => ({ phoneNumberId: PN, waId, messageId: `wamid.bench.${++messageNo}`, messageType: 'text', text: 'hi', at: new Date(at).toISOString() });

async function buildHistory(): Promise<{ store: CountingStore; t: number }> {
	const store = new CountingStore(agents);
	const clock = clockAt(Date.parse('2026-01-05T08:00:00Z'));
	const desk = new ConversationDesk(store, clock, { compactAfter: 0 });
	for (let i = 0; i < RESOLVED + OPEN; i++) {
		clock.t += 1000;
		const waId = `55119${String(i).padStart(8, '0')}`;
		const received = await desk.receive(message(waId, clock.t), { orderTurns: false });
		const routed = await desk.route(received.conversation, TEAM);
		const assigned = await desk.assign(routed, TEAM, { strategy: 'roundRobin' });
		const replied = await desk.recordAgentReply(assigned.conversation, assigned.agent!, `wamid.out.${i}`);
		if (i < RESOLVED) await desk.resolve(replied, assigned.agent!);
	}
	return { store, t: clock.t };
}

async function measure(base: CountingStore, t: number, strategy: AssignmentStrategy, compaction: boolean) {
	const store = base.copy();
	const clock = clockAt(t + DEFAULT_QUIET_MS + 60_000);
	const desk = new ConversationDesk(store, clock, compaction ? {} : { compactAfter: 0 });
	let warmUp = { calls: 0, ms: 0, compacted: 0 };
	if (compaction) {
		// The first reads compact the quiet resolved conversations (at most 50 per call).
		const started = performance.now();
		for (;;) {
			const before = desk.compactions;
			await desk.loads(TEAM);
			warmUp.calls++;
			if (desk.compactions === before) break;
		}
		warmUp = { ...warmUp, ms: Math.round(performance.now() - started), compacted: desk.compactions };
	}
	const rows: number[] = [];
	const ms: number[] = [];
	for (let i = 0; i < ASSIGNS; i++) {
		clock.t += 1000;
		const received = await desk.receive(message(`49151${String(i).padStart(8, '0')}`, clock.t), { orderTurns: false });
		const routed = await desk.route(received.conversation, TEAM);
		store.rowsRead = 0;
		const started = performance.now();
		const result = await desk.assign(routed, TEAM, { strategy });
		ms.push(performance.now() - started);
		rows.push(store.rowsRead);
		if (result.outcome !== 'assigned') throw new Error(`assign ${i}: ${result.outcome} (${result.reason})`);
	}
	const mean = (list: number[]) => Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10;
	return { strategy, compaction, rowsPerAssign: mean(rows), msPerAssign: mean(ms), tableRows: store.events.length, warmUp };
}

/** A node context with just what the n8n API transport uses, against the Data Tables fake. */
function apiContext(url: string, apiKey: string, counter: { rows: number; requests: number }, eventsTableId: () => string | undefined): IExecuteFunctions {
	const context = {
		getNode: () => ({ name: 'bench', type: 'bench', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ baseUrl: url, apiKey }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { method: string; url: string; body?: unknown; qs?: Record<string, unknown> }) => {
				const target = new URL(options.url);
				for (const [k, v] of Object.entries(options.qs ?? {})) target.searchParams.set(k, String(v));
				const response = await fetch(target, { method: options.method, headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey }, body: options.body ? JSON.stringify(options.body) : undefined });
				const body = (await response.json()) as { data?: unknown[] };
				counter.requests++;
				const id = eventsTableId();
				if (options.method === 'GET' && id && target.pathname.endsWith(`/data-tables/${id}/rows`)) counter.rows += body.data?.length ?? 0;
				return { statusCode: response.status, body };
			},
		},
	};
	return context as unknown as IExecuteFunctions;
}

async function measureHttp(base: CountingStore, strategy: AssignmentStrategy, compaction: boolean) {
	const tables = await startFakeDataTables();
	const counter = { rows: 0, requests: 0 };
	let eventsId: string | undefined;
	const context = apiContext(tables.url, tables.apiKey, counter, () => eventsId);
	const store = new DataTableConversationStore(context, { mode: 'name', value: DEFAULT_CONVERSATION_TABLE, field: 'Conversation Table' }, { mode: 'name', value: 'whatsapp_agents', field: 'Agents Table' });
	try {
		await store.agents();
		tables.insert('whatsapp_agents', agents.map((a) => ({ agent: a.id, name: a.name, teams: a.teams.join(','), capacity: a.capacity, available: a.available, contact: a.contact })));
		await store.readKey('warm-up');
		eventsId = tables.tables.find((t) => t.name === DEFAULT_CONVERSATION_TABLE)!.id;
		tables.insert(
			DEFAULT_CONVERSATION_TABLE,
			base.events.map((e) => ({ conversation_key: e.conversationKey, conversation_id: e.conversationId, kind: e.kind, team: e.team ?? null, agent: e.agent ?? null, ref: e.ref ?? null, value: JSON.stringify(e.value), at: e.at })),
		);
		// The rows were written "an hour ago" for the desk: quiet, so compaction may fold them.
		const clock = { now: () => Date.now() + 3600_000, sleep: async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms)) };
		const desk = new ConversationDesk(store, clock, compaction ? {} : { compactAfter: 0 });
		const warmUp = { calls: 0, ms: 0 };
		if (compaction) {
			const started = performance.now();
			for (;;) {
				const before = desk.compactions;
				await desk.loads(TEAM);
				warmUp.calls++;
				if (desk.compactions === before) break;
			}
			warmUp.ms = Math.round(performance.now() - started);
		}
		const rows: number[] = [];
		const ms: number[] = [];
		const requests: number[] = [];
		for (let i = 0; i < ASSIGNS; i++) {
			const received = await desk.receive(message(`49152${String(i).padStart(8, '0')}`, clock.now()), { orderTurns: false });
			const routed = await desk.route(received.conversation, TEAM);
			counter.rows = 0;
			counter.requests = 0;
			const started = performance.now();
			const result = await desk.assign(routed, TEAM, { strategy });
			ms.push(performance.now() - started);
			rows.push(counter.rows);
			requests.push(counter.requests);
			if (result.outcome !== 'assigned') throw new Error(`assign ${i}: ${result.outcome} (${result.reason})`);
		}
		const mean = (list: number[]) => Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10;
		const tableRows = tables.tables.find((t) => t.id === eventsId)!.rows.length;
		return { strategy, compaction, rowsPerAssign: mean(rows), msPerAssign: mean(ms), requestsPerAssign: mean(requests), tableRows, warmUp };
	} finally {
		await tables.stop();
	}
}

async function main(): Promise<void> {
	const started = performance.now();
	const { store, t } = await buildHistory();
	console.log(`history: ${RESOLVED} resolved + ${OPEN} open conversations, ${store.events.length} rows, built in ${Math.round(performance.now() - started)} ms`);
	const results = [];
	for (const strategy of ['leastOpen', 'capacity', 'sticky'] as AssignmentStrategy[]) {
		for (const compaction of [false, true]) results.push(await measure(store, t, strategy, compaction));
	}
	console.table(results.map((r) => ({ strategy: r.strategy, compaction: r.compaction ? 'after' : 'before', 'rows read / Assign': r.rowsPerAssign, 'ms / Assign': r.msPerAssign, 'table rows': r.tableRows, 'warm-up calls': r.warmUp.calls, 'warm-up ms': r.warmUp.ms })));
	console.log(JSON.stringify(results));
	if (process.env.BENCH_HTTP === '0') return;
	const http = [];
	for (const strategy of ['leastOpen', 'capacity', 'sticky'] as AssignmentStrategy[]) {
		for (const compaction of [false, true]) http.push(await measureHttp(store, strategy, compaction));
	}
	console.log('through the Data Tables store over HTTP (the engine tests\' Data Tables fake):');
	console.table(http.map((r) => ({ strategy: r.strategy, compaction: r.compaction ? 'after' : 'before', 'rows read / Assign': r.rowsPerAssign, 'requests / Assign': r.requestsPerAssign, 'ms / Assign': r.msPerAssign, 'table rows': r.tableRows, 'warm-up calls': r.warmUp.calls, 'warm-up ms': r.warmUp.ms })));
	console.log(JSON.stringify(http));
}

void main();
