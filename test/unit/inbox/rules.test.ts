import type { ContactFacts, InboundEvent, InboxPolicy } from '../../../whatsapp/inbox';
import {
	buildReplyContent,
	contactFacts,
	DEFAULT_CONSENT_LANGUAGES,
	decideInbound,
	fillVariables,
	findShortcut,
	foldText,
	matchConsent,
	matchQuickReply,
	parseBusinessHours,
	parseConsentLanguages,
	parseQuickReplies,
	parseReply,
	settleClaims,
} from '../../../whatsapp/inbox';
import type { StoredContactEvent } from '../../../whatsapp/contacts';

const quick = parseQuickReplies([
	{ shortcut: 'address', match: 'command', reply: { type: 'text', text: 'Calle Mayor 1' } },
	{ shortcut: 'hours', match: 'keyword', keywords: 'horario, opening hours', reply: { type: 'text', text: 'Mon–Fri 9–17' } },
	{ shortcut: 'price', match: 'pattern', keywords: '\\bprecios?\\b|\\bprice', reply: { type: 'buttons', text: 'Which product?', buttons: 'Shoes, Bags' } },
	{ shortcut: 'where', match: 'contains', keywords: 'direccion', reply: { type: 'media', mediaType: 'image', media: 'https://example.com/map.png', text: 'Here, {{name}}' } },
]);

describe('text folding and variables', () => {
	it('folds case, accents, punctuation and spaces', () => {
		expect(foldText('  ¡Dirección,   POR favor! ')).toBe('direccion por favor');
		expect(foldText('Ärger ÇA Ñandú')).toBe('arger ca nandu');
	});
	it('fills {{name}} with defaults and never leaves braces', () => {
		expect(fillVariables('Hi {{name|there}}, {{ tier }}{{unknown}}!', { name: '', tier: 'gold' })).toBe('Hi there, gold!');
		expect(fillVariables('{{contact.name}}', { name: 'Ana' })).toBe('Ana');
	});
});

describe('quick replies', () => {
	it('matches /commands, keywords, patterns and contained words, ignoring case and accents', () => {
		expect(matchQuickReply(quick, '/Address')?.quickReply.shortcut).toBe('address');
		expect(matchQuickReply(quick, '/address please')?.via).toBe('command /address');
		expect(matchQuickReply(quick, 'address')).toBeUndefined();
		expect(matchQuickReply(quick, 'HORARIO?')?.via).toBe('keyword "horario"');
		expect(matchQuickReply(quick, 'what is the horario')).toBeUndefined();
		expect(matchQuickReply(quick, 'Qué PRECIO tiene')?.quickReply.shortcut).toBe('price');
		expect(matchQuickReply(quick, 'la dirección es?')?.quickReply.shortcut).toBe('where');
	});
	it('the first match in the list wins', () => {
		const list = parseQuickReplies([
			{ shortcut: 'a', match: 'contains', keywords: 'order', reply: { type: 'text', text: 'A' } },
			{ shortcut: 'b', match: 'contains', keywords: 'order status', reply: { type: 'text', text: 'B' } },
		]);
		expect(matchQuickReply(list, 'my order status')?.quickReply.shortcut).toBe('a');
	});
	it('refuses a duplicate shortcut (case and accents ignored), an empty reply, a bad pattern', () => {
		expect(() => parseQuickReplies([{ shortcut: 'Dirección', reply: { type: 'text', text: 'a' } }, { shortcut: '/direccion', reply: { type: 'text', text: 'b' } }])).toThrow(/already used by Quick Reply 1/);
		expect(() => parseQuickReplies([{ shortcut: 'x', reply: { type: 'text', text: ' ' } }])).toThrow(/Quick Reply 1: the reply text is empty/);
		expect(() => parseQuickReplies([{ shortcut: 'x', match: 'pattern', keywords: '(unclosed', reply: { type: 'text', text: 'a' } }])).toThrow(/not a valid regular expression/);
		expect(() => parseQuickReplies([{ shortcut: 'x', match: 'keyword', keywords: ' , ', reply: { type: 'text', text: 'a' } }])).toThrow(/at least one keyword/);
		expect(() => parseReply('Away Message', { type: 'buttons', text: 'Pick', buttons: 'a,b,c,d' })).toThrow(/1 to 3 button titles/);
	});
	it('finds a shortcut for agents, or lists the known ones', () => {
		expect(findShortcut(quick, '/HOURS').shortcut).toBe('hours');
		expect(() => findShortcut(quick, 'menu')).toThrow(/no quick reply "menu"; the list has: address, hours, price, where/);
	});
	it('builds each reply type with the message builders; a closed window uses the fallback template or fails clearly', () => {
		expect(buildReplyContent(quick[3].reply, { name: 'Ana' }, true)).toEqual({ type: 'image', image: { link: 'https://example.com/map.png', caption: 'Here, Ana' } });
		expect(buildReplyContent(quick[2].reply, {}, true)).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
		const withFallback = parseReply('Quick Reply 1', { type: 'text', text: 'hi', fallbackTemplate: { name: 'reopen', language: 'es' } });
		expect(buildReplyContent(withFallback, {}, false)).toEqual({ type: 'template', template: { name: 'reopen', language: { code: 'es' } } });
		expect(() => buildReplyContent(quick[0].reply, {}, false)).toThrow(/24-hour window is closed/);
		const template = parseReply('Away Message', { type: 'template', template: { name: 'away', language: 'en_US', bodyParameters: ['{{name|friend}}'] } });
		expect(buildReplyContent(template, { name: '' }, false)).toEqual({
			type: 'template',
			template: { name: 'away', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'friend' }] }] },
		});
	});
});

describe('opt-out keywords', () => {
	const languages = parseConsentLanguages(DEFAULT_CONSENT_LANGUAGES);
	it('the whole message only, any case or punctuation, per language', () => {
		expect(matchConsent(languages, 'Stop!')).toMatchObject({ kind: 'optOut', keyword: 'STOP', language: { language: 'en' } });
		expect(matchConsent(languages, 'baja.')).toMatchObject({ kind: 'optOut', language: { language: 'es' } });
		expect(matchConsent(languages, 'Désabonner')).toMatchObject({ kind: 'optOut', language: { language: 'fr' } });
		expect(matchConsent(languages, 'START')).toMatchObject({ kind: 'optIn' });
		expect(matchConsent(languages, "please don't stop the delivery")).toBeUndefined();
	});
	it('a word in both lists is a configuration error', () => {
		expect(() => parseConsentLanguages([{ language: 'en', optOutKeywords: 'STOP', optInKeywords: 'stop' }])).toThrow(/both an opt-out and an opt-in keyword/);
	});
});

describe('the decision', () => {
	const hours = parseBusinessHours({ timeZone: 'Europe/Madrid', intervals: [{ day: 'weekdays', from: '09:00', to: '18:00' }] });
	const policy: InboxPolicy = {
		hours,
		away: { reply: parseReply('Away', { type: 'text', text: 'closed' }), oncePer: 'closedPeriod', agentReplyMinutes: 5, firstContact: 'greetingAndAway' },
		greeting: { reply: parseReply('Greeting', { type: 'text', text: 'hi' }), when: 'firstOrSilent', silentDays: 14 },
		quickReplies: quick,
		consent: parseConsentLanguages(DEFAULT_CONSENT_LANGUAGES),
	};
	const night = Date.parse('2025-06-02T21:30:00Z');
	const noon = Date.parse('2025-06-02T10:00:00Z');
	const msg = (text: string, at: number, extra: Partial<InboundEvent> = {}): InboundEvent => ({ event: 'message', waId: '34600', phoneNumberId: 'P', messageId: 'wamid.1', messageType: 'text', text, at, receivedAt: at, ...extra });
	const known: ContactFacts = { known: true, previousInboundAt: '2025-06-01T10:00:00Z', lastAgentReplyAt: null, owner: null };

	it('away once per closed period: the key is the start of the closed period', () => {
		const first = decideInbound(policy, msg('hi', night), known);
		const later = decideInbound(policy, msg('hi again', night + 3 * 3600000, { messageId: 'wamid.2' }), known);
		expect(first.output).toBe('afterHours');
		expect(first.actions.map((a) => a.claimKey)).toEqual(['away:P:34600:2025-06-02T16:00:00.000Z']);
		expect(later.actions[0].claimKey).toBe(first.actions[0].claimKey);
		const perDay = decideInbound({ ...policy, away: { ...policy.away, oncePer: 'day' } }, msg('x', night), known);
		expect(perDay.actions[0].claimKey).toBe('away:P:34600:day:2025-06-02');
	});
	it('a lost claim drops the send with the reason', () => {
		const decision = decideInbound(policy, msg('hi', night), known);
		expect(settleClaims(decision, new Set())).toMatchObject({ output: 'afterHours', reason: 'away: already sent for this closed period', actions: [] });
		const greeting = decideInbound(policy, msg('hi', noon), { ...known, previousInboundAt: null });
		expect(settleClaims(greeting, new Set())).toMatchObject({ output: 'continue', reason: 'greeting: already sent for this message burst' });
	});
	it('greeting after silence, measured on whole days', () => {
		expect(decideInbound(policy, msg('hi', noon), { ...known, previousInboundAt: '2025-05-17T09:00:00Z' }).reason).toBe('greeting: silent 16 days');
		expect(decideInbound(policy, msg('hi', noon), { ...known, previousInboundAt: '2025-05-20T09:00:00Z' }).reason).toMatch(/no greeting: last message 13 days ago/);
		expect(decideInbound({ ...policy, greeting: { ...policy.greeting, when: 'first' } }, msg('hi', noon), { ...known, previousInboundAt: '2025-01-01T09:00:00Z' }).output).toBe('continue');
	});
	it('the order: echo, then opt-out, then owner, then quick reply, then hours', () => {
		expect(decideInbound(policy, msg('STOP', night, { event: 'messageEcho' }), known).output).toBe('ignored');
		expect(decideInbound(policy, msg('', night, { event: 'status' }), known).reason).toBe('ignored: status event, not a customer message');
		expect(decideInbound(policy, msg('STOP', night), { ...known, owner: 'agent:bea' }).output).toBe('handled');
		expect(decideInbound(policy, msg('/address', night), { ...known, owner: 'agent:bea' }).reason).toMatch(/owned by agent:bea/);
		expect(decideInbound(policy, msg('/address', night), known)).toMatchObject({ output: 'handled', quickReply: { shortcut: 'address' } });
	});
	it('an agent who replied 3 minutes ago holds the away message back; 6 minutes ago does not', () => {
		const agent = (minutes: number) => ({ ...known, lastAgentReplyAt: new Date(night - minutes * 60000).toISOString() });
		expect(decideInbound(policy, msg('ok', night), agent(3))).toMatchObject({ output: 'afterHours', actions: [], reason: expect.stringMatching(/^away: not sent, an agent replied 3 min ago/) });
		expect(decideInbound(policy, msg('ok', night), agent(6)).actions).toHaveLength(1);
	});
});

describe('facts from the contact book rows', () => {
	const row = (id: number, kind: StoredContactEvent['kind'], at: string, value: Record<string, unknown> = {}): StoredContactEvent => ({ id, waId: '34600', kind, at, value });
	it('the current message does not count as the previous one; automatic sends are not agent replies', () => {
		const rows = [
			row(1, 'inbound', '2025-06-01T10:00:00.000Z', { messageId: 'wamid.0' }),
			row(2, 'outbound', '2025-06-01T10:01:00.000Z', { automation: 'away' }),
			row(3, 'outbound', '2025-06-01T09:00:00.000Z', {}),
			row(4, 'inbound', '2025-06-02T10:00:00.000Z', { messageId: 'wamid.now' }),
		];
		expect(contactFacts(rows, { messageId: 'wamid.now', at: Date.parse('2025-06-02T10:00:00Z') })).toEqual({
			known: true,
			previousInboundAt: '2025-06-01T10:00:00.000Z',
			lastAgentReplyAt: '2025-06-01T09:00:00.000Z',
			recorded: true,
		});
		expect(contactFacts([], { messageId: 'x', at: 0 })).toEqual({ known: false, previousInboundAt: null, lastAgentReplyAt: null, recorded: false });
	});
});
