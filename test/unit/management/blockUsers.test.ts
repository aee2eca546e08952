import { buildBlockUsersBody, readBlockedUsers, readBlockResults, userNumbers } from '../../../whatsapp/blockUsers';
import { validationErrorOf } from './helpers';

describe('block users (facts §9)', () => {
	it('reads several numbers per item, normalised and deduplicated', () => {
		expect(userNumbers('+1 650-555-1234, 16505551234; +44 7700 900123\n')).toEqual(['16505551234', '447700900123']);
		expect(userNumbers(['+16505551234'])).toEqual(['16505551234']);
	});

	it('names the field for a missing or invalid number', () => {
		expect(validationErrorOf(() => userNumbers(' , ', 'Users')).message).toContain('Users is required');
		const error = validationErrorOf(() => userNumbers('+1 650-555-1234, 0151 123', 'Users'));
		expect(error.field).toBe('Users');
		expect(error.message).toContain('"0151 123"');
	});

	it('builds Meta’s body', () => {
		expect(buildBlockUsersBody(['16505551234'])).toEqual({ messaging_product: 'whatsapp', block_users: [{ user: '16505551234' }] });
	});

	it('reads added, removed and failed users', () => {
		expect(
			readBlockResults('block', {
				messaging_product: 'whatsapp',
				block_users: {
					added_users: [{ input: '+16505551234', wa_id: '16505551234' }],
					failed_users: [
						{ input: '+16505550000', wa_id: '16505550000', errors: [{ message: 'Failed', code: 131047, error_data: { details: 'No message in the last 24 hours' } }] },
					],
				},
			}),
		).toEqual([
			{ user: '+16505551234', waId: '16505551234', status: 'blocked' },
			{ user: '+16505550000', waId: '16505550000', status: 'failed', error: 'No message in the last 24 hours', code: 131047 },
		]);
		expect(readBlockResults('unblock', { block_users: { removed_users: [{ input: '1', wa_id: '1' }] } })[0].status).toBe('unblocked');
		// Meta's page shows added_users for unblock too.
		expect(readBlockResults('unblock', { block_users: { added_users: [{ input: '1', wa_id: '1' }] } })[0].status).toBe('unblocked');
	});

	it('reads both documented list shapes', () => {
		expect(readBlockedUsers([{ messaging_product: 'whatsapp', wa_id: '16505551234' }])).toEqual([{ waId: '16505551234' }]);
		expect(readBlockedUsers([{ block_users: [{ input: '+16505551234', wa_id: '16505551234' }, { wa_id: '447700900123' }] }])).toEqual([
			{ waId: '16505551234', input: '+16505551234' },
			{ waId: '447700900123' },
		]);
	});
});
