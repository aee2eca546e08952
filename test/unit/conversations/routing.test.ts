import { agentFromRow, chooseAgent } from '../../../whatsapp/routing/assignment';
import type { RouteRule } from '../../../whatsapp/routing/rules';
import { listOf, route, validateRules } from '../../../whatsapp/routing/rules';

describe('router rules (first match wins, fallback last)', () => {
	const rules: RouteRule[] = [
		{ kind: 'owner', name: 'Human Owns It', values: ['agent', 'queue'] },
		{ kind: 'replyId', name: 'Billing Button', values: ['menu_billing'], team: 'billing' },
		{ kind: 'keyword', name: 'Refund', values: ['refund', 'reembolso'], keywordMatch: 'word' },
		{ kind: 'pattern', name: 'Order Number', pattern: '#\\d{4,}' },
		{ kind: 'messageType', name: 'Media', values: ['image', 'document'] },
		{ kind: 'label', name: 'VIP', values: ['vip'], team: 'vip' },
		{ kind: 'attribute', name: 'Has CRM', attribute: 'hubspot_id' },
		{ kind: 'attribute', name: 'Tier Gold', attribute: 'tier', attributeValue: 'gold' },
		{ kind: 'expression', name: 'Expr', result: false },
		{ kind: 'country', name: 'Germany', values: ['de', 'AT'], team: 'de' },
		{ kind: 'country', name: 'Canada', values: ['CA'] },
		{ kind: 'callingCode', name: 'Brazil', values: ['+55'], team: 'br' },
		{ kind: 'callingCode', name: 'Trinidad', values: ['1 868'] },
		{ kind: 'callingCode', name: 'NANP', values: ['1'] },
	];
	const base = { waId: '3312345678', text: 'hello', messageType: 'text', owner: 'bot' };
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['owner', { owner: 'agent' }, 'Human Owns It'],
		['reply id', { messageType: 'interactive', replyId: 'menu_billing' }, 'Billing Button'],
		['keyword as a word', { text: 'Quero um REEMBOLSO agora' }, 'Refund'],
		['keyword not inside another word', { text: 'refunding' }, 'fallback'],
		['pattern', { text: 'where is #12345' }, 'Order Number'],
		['message type', { messageType: 'image', text: undefined }, 'Media'],
		['label', { labels: ['VIP'] }, 'VIP'],
		['attribute present', { attributes: { hubspot_id: '901' } }, 'Has CRM'],
		['attribute value', { attributes: { tier: 'gold' } }, 'Tier Gold'],
		['attribute other value', { attributes: { tier: 'silver' } }, 'fallback'],
		['country', { waId: '4915100000001' }, 'Germany'],
		['country on a shared code (Canada on +1)', { waId: '14165550100' }, 'Canada'],
		['calling code', { waId: '5511999990001' }, 'Brazil'],
		['longest calling code first', { waId: '18685550100' }, 'Trinidad'],
		['shorter code', { waId: '12125550100' }, 'NANP'],
		['fallback', {}, 'fallback'],
	];
	it.each(cases)('%s', (_, input, expected) => {
		expect(route(rules, { ...base, ...input } as never).rule).toBe(expected);
	});

	it('carries the output index and team; an expression rule uses its evaluated result', () => {
		expect(route(rules, { ...base, waId: '5521988887777' })).toEqual({ output: 11, rule: 'Brazil', team: 'br', matchedOn: '55' });
		expect(route(rules, base)).toMatchObject({ output: rules.length, rule: 'fallback', team: null });
		expect(route([{ kind: 'expression', name: 'E', result: true }], base)).toMatchObject({ output: 0, rule: 'E' });
		expect(route([{ kind: 'businessHours', name: 'Open', result: true }], base)).toMatchObject({ output: 0 });
	});

	it('rejects bad rules with the rule named', () => {
		expect(() => validateRules([{ kind: 'pattern', name: 'P', pattern: '([' }])).toThrow(/not a valid regular expression/);
		expect(() => validateRules([{ kind: 'keyword', name: 'K', values: [] }])).toThrow(/Rule 1 \("K"\): give at least one value/);
		expect(() => validateRules([{ kind: 'attribute', name: 'A' }])).toThrow(/attribute's name/);
		expect(listOf(' a, b ,\nc,,')).toEqual(['a', 'b', 'c']);
	});
});

describe('agent choice', () => {
	const agents = ['a', 'b', 'c'].map((id) => agentFromRow({ agent: id, teams: 'x, y', available: true, capacity: 0 })!);
	it('round-robin maps ticket n to available agent n mod k, skipping unavailable ones', () => {
		const picks = [0, 1, 2, 3].map((ticket) => chooseAgent({ strategy: 'roundRobin', agents, openCount: new Map(), ticket }).agent);
		expect(picks).toEqual(['a', 'b', 'c', 'a']);
		const someAway = [agents[0], { ...agents[1], available: false }, agents[2]];
		expect([0, 1, 2].map((ticket) => chooseAgent({ strategy: 'roundRobin', agents: someAway, openCount: new Map(), ticket }).agent)).toEqual(['a', 'c', 'a']);
	});
	it('reads agents-table rows', () => {
		expect(agentFromRow({ agent: ' ana ', teams: 'sales,support', capacity: '3', available: 'true', contact: 'U123' })).toEqual({ id: 'ana', name: 'ana', teams: ['sales', 'support'], capacity: 3, available: true, contact: 'U123' });
		expect(agentFromRow({ agent: '' })).toBeUndefined();
		expect(agentFromRow({ agent: 'x', available: false })!.available).toBe(false);
	});
	it('nobody free gives a reason', () => {
		expect(chooseAgent({ strategy: 'capacity', agents, openCount: new Map(), ticket: 0 })).toMatchObject({ agent: null, reason: expect.stringContaining('capacity') });
		expect(chooseAgent({ strategy: 'roundRobin', agents: [], openCount: new Map(), ticket: 0 })).toMatchObject({ agent: null });
	});
});
