import {
	normalizeAttributes,
	normalizeLabels,
	normalizeStatus,
	normalizeWaId,
	optionalText,
	parseTimestamp,
} from '../../../whatsapp/contacts/events';
import { validationError } from '../messages/helpers';

describe('contact input checks', () => {
	it('normalises phone numbers to the wa_id form and names the field on bad ones', () => {
		expect(normalizeWaId('+1 (555) 123-4567')).toBe('15551234567');
		expect(normalizeWaId(4915112345678)).toBe('4915112345678');
		const error = validationError(() => normalizeWaId('hello'));
		expect(error.field).toBe('Contact Phone Number');
		expect(error.message).toContain('"hello" is not a phone number');
		expect(validationError(() => normalizeWaId('0151 1234567')).message).toContain('trunk 0');
		expect(validationError(() => normalizeWaId('123')).message).toContain('has 3 digits');
		expect(validationError(() => normalizeWaId('')).message).toContain('Contact Phone Number is required');
	});

	it('takes labels as comma-separated text or a list, trimmed and deduplicated', () => {
		expect(normalizeLabels('vip, awaiting payment ,vip')).toEqual(['vip', 'awaiting payment']);
		expect(normalizeLabels(['new customer', ' done '])).toEqual(['new customer', 'done']);
	});

	it('refuses labels that are not text, naming the entry and its type', () => {
		const error = validationError(() => normalizeLabels(['vip', 42]));
		expect(error.field).toBe('Labels');
		expect(error.message).toBe('Labels: entry 2 is a number (42); labels must be text');
		expect(validationError(() => normalizeLabels(['a', { name: 'x' }])).message).toContain('entry 2 is an object');
		expect(validationError(() => normalizeLabels({ vip: true })).message).toBe('Labels must be text or a list of texts, but it is an object');
		expect(validationError(() => normalizeLabels(' , ')).message).toContain('Labels is required');
	});

	it('checks label length and count limits', () => {
		expect(validationError(() => normalizeLabels(['x'.repeat(101)])).message).toBe(
			'Labels entry 1 is 101 characters long; the contact book allows at most 100',
		);
		const many = Array.from({ length: 101 }, (_, i) => `l${i}`);
		expect(validationError(() => normalizeLabels(many)).message).toBe('Labels: 101 given; the contact book takes at most 100 at once');
	});

	it('takes attributes as an object or JSON text; values are scalars', () => {
		expect(normalizeAttributes({ crm_id: 'A-17', tier: 'gold', score: 3, vip: true, old: null })).toEqual({
			crm_id: 'A-17',
			tier: 'gold',
			score: 3,
			vip: true,
			old: null,
		});
		expect(normalizeAttributes('{"language":"de"}')).toEqual({ language: 'de' });
		expect(validationError(() => normalizeAttributes('{nope')).message).toContain('Attributes is not valid JSON');
		expect(validationError(() => normalizeAttributes([1])).message).toBe('Attributes must be an object of names and values, but it is a list');
		expect(validationError(() => normalizeAttributes({ nested: { a: 1 } })).message).toBe(
			'Attributes "nested" is an object; values must be text, a number, true/false or null',
		);
		expect(validationError(() => normalizeAttributes({ ['n'.repeat(65)]: 1 })).message).toContain('is 65 characters long; the contact book allows at most 64');
		expect(validationError(() => normalizeAttributes({ note: 'x'.repeat(2001) })).message).toBe(
			'Attributes "note" is 2001 characters long; the contact book allows at most 2000',
		);
	});

	it('checks the conversation status', () => {
		expect(normalizeStatus('Pending')).toBe('pending');
		expect(validationError(() => normalizeStatus('archived')).message).toBe('Conversation Status must be one of open, pending, closed, but it is "archived"');
	});

	it('reads Meta seconds, milliseconds and ISO times; empty is now', () => {
		const now = Date.parse('2025-06-01T12:00:00.000Z');
		expect(parseTimestamp('1717243200', now)).toBe('2024-06-01T12:00:00.000Z');
		expect(parseTimestamp(1717243200000, now)).toBe('2024-06-01T12:00:00.000Z');
		expect(parseTimestamp('2024-06-01T14:00:00+02:00', now)).toBe('2024-06-01T12:00:00.000Z');
		expect(parseTimestamp('', now)).toBe('2025-06-01T12:00:00.000Z');
		expect(validationError(() => parseTimestamp('yesterday', now)).message).toContain('Timestamp "yesterday" is not a time');
	});

	it('refuses free text that is not text', () => {
		expect(optionalText('Profile Name', '  Ana ')).toBe('Ana');
		expect(optionalText('Profile Name', '')).toBeUndefined();
		expect(validationError(() => optionalText('Profile Name', ['Ana'])).message).toBe('Profile Name must be text, but it is a list');
		expect(validationError(() => optionalText('Source', 'x'.repeat(257))).message).toContain('at most 256');
	});
});
