/**
 * Retention against a real n8n's Data Tables: the "created before" filter the ledger and campaign
 * progress prune with. A timestamp on the rows' own day is compared as text with SQLite's
 * `createdAt` (`2026-12-02 04:56:03.177`) and deleted rows written minutes before; the cutoff built
 * by createdBeforeDay must never delete a row written after it.
 */
import { createdBeforeDay } from '../../nodes/shared/transport/n8nApi';
import { useN8n } from './harness';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('pruning by creation day in a real n8n', () => {
	const n8n = useN8n();

	it('keeps rows written since the cutoff day and deletes those before it', async () => {
		const table = await n8n().api<{ id: string }>('POST', '/data-tables', { name: `wabp_retention_${Date.now()}`, columns: [{ name: 'key', type: 'string' }] });
		try {
			await n8n().api('POST', `/data-tables/${table.id}/rows`, { data: [{ key: 'a' }, { key: 'b' }], returnType: 'id' });
			const deleteBefore = async (cutoffMs: number) => {
				const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'createdAt', condition: 'lt', value: createdBeforeDay(cutoffMs) }] });
				return await n8n().api<unknown[]>('DELETE', `/data-tables/${table.id}/rows/delete?filter=${encodeURIComponent(filter)}&returnData=true`);
			};
			// An hour ago (or eight days ago): rows written now stay.
			expect(await deleteBefore(Date.now() - 60 * 60 * 1000)).toEqual([]);
			expect(await deleteBefore(Date.now() - 8 * DAY_MS)).toEqual([]);
			// A cutoff two days ahead: both rows are before it (on SQLite and PostgreSQL alike).
			expect(await deleteBefore(Date.now() + 2 * DAY_MS)).toHaveLength(2);
		} finally {
			await n8n().api('DELETE', `/data-tables/${table.id}`);
		}
	});
});
