import { ContactBook } from '../../../whatsapp/contacts/book';
import { applyEvent, emptyState, foldContact, foldEvents, snapshotEvent } from '../../../whatsapp/contacts/fold';
import { MemoryContactStore } from '../../../whatsapp/contacts/memoryStore';
import type { StoredContactEvent } from '../../../whatsapp/contacts/model';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

const T0 = Date.parse('2025-06-01T12:00:00.000Z');
const WA = '15551234567';

function setup(compactAfter = 40) {
	let now = T0;
	const store = new MemoryContactStore();
	const book = new ContactBook(store, { now: () => now, compactAfter });
	return { store, book, advance: (ms: number) => (now += ms) };
}

function row(id: number, kind: StoredContactEvent['kind'], value: Record<string, unknown> = {}, label?: string, at = '2025-06-01T10:00:00.000Z'): StoredContactEvent {
	return { id, waId: WA, kind, value, at, ...(label ? { label } : {}) };
}

describe('foldContact', () => {
	const events: StoredContactEvent[] = [
		row(1, 'inbound', { profileName: 'Ana' }, undefined, '2025-06-01T09:00:00.000Z'),
		row(2, 'label_added', {}, 'vip'),
		row(3, 'label_added', {}, 'new customer'),
		row(4, 'label_removed', {}, 'new customer'),
		row(5, 'opt_in', { source: 'web form' }),
		row(6, 'opt_out', { keyword: 'STOP' }),
		row(7, 'attribute_set', { attributes: { crm_id: 'A-17', tier: 'gold' } }),
		row(8, 'attribute_set', { attributes: { tier: null } }),
		row(9, 'assigned', { team: 'billing', agent: 'joe' }),
		row(10, 'assigned', { agent: null }),
		row(11, 'status_set', { status: 'pending' }),
		row(12, 'outbound', { messageId: 'wamid.1' }, undefined, '2025-06-01T11:00:00.000Z'),
	];

	it('derives every field of the contact', () => {
		expect(foldContact(events, T0)).toEqual({
			waId: WA,
			phone: '+15551234567',
			profileName: 'Ana',
			labels: ['vip'],
			optedIn: false,
			optedInAt: '2025-06-01T10:00:00.000Z',
			optInSource: 'web form',
			optedOut: true,
			optedOutAt: '2025-06-01T10:00:00.000Z',
			optOutKeyword: 'STOP',
			lastInboundAt: '2025-06-01T09:00:00.000Z',
			lastOutboundAt: '2025-06-01T11:00:00.000Z',
			windowOpen: true,
			windowUntil: '2025-06-02T09:00:00.000Z',
			assignedTeam: 'billing',
			assignedAgent: null,
			status: 'pending',
			attributes: { crm_id: 'A-17' },
			createdAt: '2025-06-01T09:00:00.000Z',
			updatedAt: '2025-06-01T11:00:00.000Z',
		});
	});

	it('gives the same contact whatever order the events arrive in', () => {
		const reversed = [...events].reverse();
		const shuffled = [...events].sort((a, b) => (a.id * 7) % 5 - (b.id * 7) % 5);
		expect(foldContact(reversed, T0)).toEqual(foldContact(events, T0));
		expect(foldContact(shuffled, T0)).toEqual(foldContact(events, T0));
	});

	it('keeps the latest inbound time even when an older message is recorded later', () => {
		const contact = foldContact([row(1, 'inbound', {}, undefined, '2025-06-01T11:00:00.000Z'), row(2, 'inbound', {}, undefined, '2025-05-01T11:00:00.000Z')], T0);
		expect(contact?.lastInboundAt).toBe('2025-06-01T11:00:00.000Z');
	});

	it('opting in again after an opt-out re-subscribes', () => {
		const contact = foldContact([row(1, 'opt_out', { keyword: 'STOP' }), row(2, 'opt_in', { source: 'START' })], T0);
		expect(contact).toMatchObject({ optedIn: true, optedOut: false, optOutKeyword: 'STOP', optInSource: 'START' });
	});

	it('a snapshot merged with events it already contains changes nothing', () => {
		const state = foldEvents(events)!;
		const snapshot = { ...snapshotEvent(JSON.parse(JSON.stringify(state)), '2025-06-01T12:00:00.000Z'), id: 13 };
		expect(snapshot.label).toBe('|vip|');
		const withSnapshot = foldContact([...events.slice(4), snapshot, ...events.slice(0, 6)], T0);
		expect(withSnapshot).toEqual({ ...foldContact(events, T0), updatedAt: '2025-06-01T11:00:00.000Z' });
		// A later removal still wins over the label kept in the snapshot.
		expect(foldContact([snapshot, row(14, 'label_removed', {}, 'vip')], T0)?.labels).toEqual([]);
	});

	it('skips rows of unknown kinds', () => {
		const state = applyEvent(emptyState(WA), { ...row(1, 'created'), kind: 'mystery' as never });
		expect(state.through).toBe(0);
	});

	it('has no contact without rows', () => {
		expect(foldContact([], T0)).toBeUndefined();
	});
});

describe('ContactBook over the memory store', () => {
	it('get: not found is an answer, not an error; or creates when asked', async () => {
		const { book, store } = setup();
		expect(await book.get('+1 555 123 4567')).toEqual({ found: false, waId: WA });
		const created = await book.get(WA, true);
		expect(created).toMatchObject({ found: true, contact: { waId: WA, labels: [], windowOpen: false, createdAt: '2025-06-01T12:00:00.000Z' } });
		expect(store.dump().map((r) => r.kind)).toEqual(['created']);
	});

	it('upsert writes only the fields given, one event each', async () => {
		const { book, store } = setup();
		const contact = await book.upsert(WA, {
			profileName: 'Ana',
			status: 'open',
			assignedTeam: 'sales',
			labels: 'lead, web',
			attributes: { language: 'pt' },
			phone: '+1 555 123 4567',
		});
		expect(contact).toMatchObject({ profileName: 'Ana', status: 'open', assignedTeam: 'sales', labels: ['lead', 'web'], attributes: { language: 'pt' }, phone: '+15551234567' });
		expect(store.dump().map((r) => r.kind)).toEqual(['phone_set', 'profile_name', 'status_set', 'assigned', 'label_added', 'label_added', 'attribute_set']);
		await book.upsert(WA, {});
		expect(store.dump().at(-1)?.kind).toBe('created');
	});

	it('adds and removes labels, and lists contacts by label', async () => {
		const { book } = setup();
		await book.addLabels(WA, ['vip', 'awaiting payment']);
		await book.addLabels('4915112345678', 'vip');
		await book.addLabels('447700900123', 'done');
		expect((await book.removeLabels(WA, 'awaiting payment')).labels).toEqual(['vip']);
		expect((await book.listByLabel('vip')).map((c) => c.waId)).toEqual([WA, '4915112345678'].sort());
		expect(await book.listByLabel('awaiting payment')).toEqual([]);
		expect(await book.listByLabel('vip', 1)).toHaveLength(1);
	});

	it('records opt-in and opt-out with when, how and keyword', async () => {
		const { book } = setup();
		expect(await book.recordOptIn(WA, { source: 'checkout page', at: '2025-05-01T08:00:00Z' })).toMatchObject({
			optedIn: true,
			optedInAt: '2025-05-01T08:00:00.000Z',
			optInSource: 'checkout page',
		});
		expect(await book.recordOptOut(WA, { keyword: 'STOP' })).toMatchObject({ optedOut: true, optedIn: false, optOutKeyword: 'STOP', optedOutAt: '2025-06-01T12:00:00.000Z' });
	});

	it('sets and removes attributes', async () => {
		const { book } = setup();
		await book.setAttributes(WA, { crm_id: 'A-17', tier: 'gold' });
		expect((await book.setAttributes(WA, {}, ['tier'])).attributes).toEqual({ crm_id: 'A-17' });
		await expect(book.setAttributes(WA, {})).rejects.toThrow('Attributes is required');
	});

	it('record inbound opens the window and keeps the profile name fresh', async () => {
		const { book, advance } = setup();
		await book.recordInbound({ waId: WA, profileName: 'Ana', timestamp: String(T0 / 1000 - 3600) });
		const contact = await book.recordInbound({ waId: WA, profileName: 'Ana Souza', timestamp: String(T0 / 1000) });
		expect(contact).toMatchObject({ profileName: 'Ana Souza', windowOpen: true, windowUntil: '2025-06-02T12:00:00.000Z' });
		advance(24 * 3600_000);
		expect(await book.checkBeforeSending(WA)).toMatchObject({ found: true, windowOpen: false, canSendFreeForm: false, decision: 'refuse' });
	});

	it('check before sending tells opted-out and window state', async () => {
		const { book } = setup();
		expect(await book.checkBeforeSending(WA)).toMatchObject({ found: false, optedOut: false, windowOpen: false, windowUntil: null, canSendMarketing: true, decision: 'refuse' });
		await book.recordInbound({ waId: WA });
		await book.recordOptOut(WA, { keyword: 'STOP' });
		expect(await book.checkBeforeSending(WA, { messageType: 'template', templateCategory: 'MARKETING' })).toMatchObject({
			found: true,
			optedOut: true,
			windowOpen: true,
			windowRemainingMinutes: 1440,
			canSendFreeForm: true,
			canSendMarketing: false,
			decision: 'refuse',
		});
	});

	it('delete removes every row of the person and nothing else', async () => {
		const { book, store } = setup();
		await book.addLabels(WA, 'vip');
		await book.recordInbound({ waId: WA, profileName: 'Ana' });
		await book.addLabels('4915112345678', 'vip');
		expect(await book.delete(WA)).toEqual({ waId: WA, deleted: true, rowsDeleted: 2 });
		expect(store.dump().every((r) => r.waId !== WA)).toBe(true);
		expect(await book.get(WA)).toEqual({ found: false, waId: WA });
		expect(await book.delete(WA)).toEqual({ waId: WA, deleted: false, rowsDeleted: 0 });
	});

	it('refuses a malformed phone number before writing anything', async () => {
		const { book, store } = setup();
		await expect(book.addLabels('call me', 'vip')).rejects.toBeInstanceOf(WhatsAppValidationError);
		await expect(book.addLabels(WA, [1])).rejects.toThrow('Labels: entry 1 is a number');
		expect(store.dump()).toEqual([]);
	});

	it('compacts a long contact into one snapshot on read, keeping the same contact', async () => {
		const { book, store } = setup(10);
		for (let i = 0; i < 12; i++) await store.append([{ waId: WA, kind: 'label_added', label: `l${i}`, value: {}, at: '2025-06-01T10:00:00.000Z' }]);
		const before = (await book.get(WA)) as { contact: unknown };
		expect(store.dump().map((r) => r.kind)).toEqual(['snapshot']);
		expect(await book.get(WA)).toEqual(before);
		expect((await book.listByLabel('l3')).map((c) => c.waId)).toEqual([WA]);
	});

	it('a compaction that overlaps concurrent writes loses none of them', async () => {
		const { book, store } = setup(1000);
		for (let i = 0; i < 5; i++) await book.addLabels(WA, `a${i}`);
		// Reader A folds rows 1..5, then two writes land before it compacts.
		const rowsA = await store.read([WA]);
		await book.addLabels(WA, 'late1');
		await book.removeLabels(WA, 'a0');
		await store.compact(snapshotEvent(foldEvents(rowsA)!, '2025-06-01T12:00:00.000Z'), rowsA.map((r) => r.id));
		expect((await book.get(WA)) as unknown).toMatchObject({ contact: { labels: ['a1', 'a2', 'a3', 'a4', 'late1'] } });
	});

	it('loses no label when many additions interleave', async () => {
		const { book } = setup(15);
		await Promise.all(Array.from({ length: 200 }, (_, i) => book.addLabels(WA, `label-${i}`)));
		const result = await book.get(WA);
		expect(result.found && result.contact.labels).toHaveLength(200);
	});

	it('returns the written change even when the parallel read did not see it yet', async () => {
		const store = new MemoryContactStore();
		// A read that answers from before the append (as a slower database might).
		const lagging = Object.assign(Object.create(store) as MemoryContactStore, {
			read: async () => [],
		});
		const book = new ContactBook(lagging, { now: () => T0 });
		expect((await book.addLabels(WA, 'vip')).labels).toEqual(['vip']);
		expect(store.dump()).toHaveLength(1);
	});

	it('records outbound sends in one append without reading', async () => {
		const { book, store } = setup();
		await book.recordOutbound([{ waId: WA, messageId: 'wamid.1', type: 'text' }, { waId: '4915112345678' }]);
		expect(store.dump().map((r) => [r.waId, r.kind])).toEqual([[WA, 'outbound'], ['4915112345678', 'outbound']]);
		expect((await book.get(WA)) as unknown).toMatchObject({ contact: { lastOutboundAt: '2025-06-01T12:00:00.000Z' } });
	});
});
