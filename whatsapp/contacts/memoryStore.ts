/**
 * A contact store in memory: the reference implementation of `ContactStore`, for tests and for
 * trying the book without a database. Nothing survives the instance.
 */
import type { ContactEvent, StoredContactEvent } from './model';
import type { ContactStore } from './store';

export class MemoryContactStore implements ContactStore {
	private rows: StoredContactEvent[] = [];

	private nextId = 1;

	async append(events: ContactEvent[]): Promise<number[]> {
		return events.map((event) => {
			const stored = { ...structuredClone(event), id: this.nextId++ };
			this.rows.push(stored);
			return stored.id;
		});
	}

	async read(waIds: string[]): Promise<StoredContactEvent[]> {
		return this.rows.filter((row) => waIds.includes(row.waId)).map((row) => structuredClone(row));
	}

	async candidatesWithLabel(label: string): Promise<string[]> {
		const found = this.rows.filter((row) => row.label === label || (row.kind === 'snapshot' && row.label?.includes(`|${label}|`)));
		return [...new Set(found.map((row) => row.waId))];
	}

	async compact(snapshot: ContactEvent, replacedIds: number[]): Promise<void> {
		await this.append([snapshot]);
		this.rows = this.rows.filter((row) => !replacedIds.includes(row.id));
	}

	async remove(waId: string): Promise<number> {
		const before = this.rows.length;
		this.rows = this.rows.filter((row) => row.waId !== waId);
		return before - this.rows.length;
	}

	/** Every row, for tests. */
	dump(): StoredContactEvent[] {
		return this.rows.map((row) => structuredClone(row));
	}
}
