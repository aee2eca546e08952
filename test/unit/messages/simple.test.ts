import { approximateGraphemes, graphemes } from '../../../whatsapp/messages/common';
import { buildContacts } from '../../../whatsapp/messages/contacts';
import { buildSendBody } from '../../../whatsapp/messages/envelope';
import { buildLocation } from '../../../whatsapp/messages/location';
import { buildMarkAsRead } from '../../../whatsapp/messages/markAsRead';
import { buildReaction } from '../../../whatsapp/messages/reaction';
import { buildText } from '../../../whatsapp/messages/text';
import { repeat, validationError } from './helpers';

describe('buildText (facts §2.2)', () => {
	it('builds Meta’s example and rejects 4097 characters', () => {
		expect(buildText({ body: 'See https://example.com/p/1', previewUrl: true })).toEqual({
			type: 'text',
			text: { preview_url: true, body: 'See https://example.com/p/1' },
		});
		expect(validationError(() => buildText({ body: repeat(4097) })).message).toBe('Text is 4097 characters long; WhatsApp allows at most 4096');
	});
});

describe('envelope (facts §2.1)', () => {
	it('adds reply context and callback data', () => {
		expect(buildSendBody(buildText({ body: 'Hello' }), { to: '+1 (555) 123-4567', replyToMessageId: 'wamid.PREVIOUS', bizOpaqueCallbackData: 'order-123' })).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'text',
			text: { preview_url: false, body: 'Hello' },
			context: { message_id: 'wamid.PREVIOUS' },
			biz_opaque_callback_data: 'order-123',
		});
	});

	it('refuses a reaction as a reply and callback data over 512', () => {
		const reaction = buildReaction({ messageId: 'wamid.X', emoji: '👍' });
		expect(validationError(() => buildSendBody(reaction, { to: '+15551234567', replyToMessageId: 'wamid.Y' })).field).toBe('Reply To Message ID');
		const error = validationError(() => buildSendBody(buildText({ body: 'x' }), { to: '+15551234567', bizOpaqueCallbackData: repeat(513) }));
		expect(error.message).toBe('Callback Data is 513 characters long; WhatsApp allows at most 512');
	});
});

describe('buildLocation (facts §2.4)', () => {
	it('builds Meta’s example from strings or numbers', () => {
		const expected = {
			type: 'location',
			location: { latitude: 37.4421, longitude: -122.1615, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' },
		};
		expect(buildLocation({ latitude: '37.4421', longitude: '-122.1615', name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' })).toEqual(expected);
		expect(buildLocation({ latitude: 37.4421, longitude: -122.1615, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' })).toEqual(expected);
		expect(buildLocation({ latitude: 0, longitude: 0, name: '', address: '' })).toEqual({ type: 'location', location: { latitude: 0, longitude: 0 } });
	});

	it.each([
		[{ latitude: 91, longitude: 0 }, 'Latitude', 'Latitude is 91; it must be between -90 and 90'],
		[{ latitude: 0, longitude: -180.5 }, 'Longitude', 'Longitude is -180.5; it must be between -180 and 180'],
		[{ latitude: 'north', longitude: 0 }, 'Latitude', 'Latitude must be a number in decimal degrees, such as 37.4421; got "north"'],
		[{ latitude: '', longitude: 0 }, 'Latitude', 'Latitude must be a number'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildLocation(input));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('buildContacts (facts §2.4)', () => {
	const barbara = {
		name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara', last_name: 'Johnson' },
		birthday: '1999-01-23',
		phones: [{ phone: '+16505559999', wa_id: '16505559999', type: 'WORK' }],
		emails: [{ email: 'bj@example.com', type: 'WORK' }],
		addresses: [{ street: '1 Hacker Way', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', country_code: 'US', type: 'WORK' }],
		org: { company: 'Lucky Shrub', department: 'Legal', title: 'Lead Counsel' },
		urls: [{ url: 'https://example.com', type: 'WORK' }],
	};

	it('passes Meta’s full example through unchanged', () => {
		expect(buildContacts([barbara])).toEqual({ type: 'contacts', contacts: [barbara] });
	});

	it('accepts JSON text and a single object, and several contacts', () => {
		expect(buildContacts(JSON.stringify([barbara, { name: { formatted_name: 'Ann' } }]))).toEqual({
			type: 'contacts',
			contacts: [barbara, { name: { formatted_name: 'Ann', first_name: 'Ann' } }],
		});
		expect(buildContacts(barbara)).toEqual({ type: 'contacts', contacts: [barbara] });
	});

	it('derives the formatted name, drops empty fields, upper-cases types', () => {
		expect(
			buildContacts([
				{
					name: { formatted_name: '', prefix: 'Dr.', first_name: 'Ann', last_name: 'Lee', middle_name: '' },
					birthday: '',
					phones: [{ phone: '+351 912 345 678', wa_id: '', type: 'cell' }],
					emails: [],
					org: { company: '', department: '', title: '' },
					urls: [{ url: 'example.com', type: '' }],
				},
			]),
		).toEqual({
			type: 'contacts',
			contacts: [
				{
					name: { formatted_name: 'Dr. Ann Lee', first_name: 'Ann', last_name: 'Lee', prefix: 'Dr.' },
					phones: [{ phone: '+351 912 345 678', type: 'CELL' }],
					urls: [{ url: 'example.com' }],
				},
			],
		});
	});

	it.each([
		[[], 'Contacts', 'at least one contact'],
		['[{"name":', 'Contacts', 'is not valid JSON'],
		[[{ name: {} }], 'Contact 1 Formatted Name', 'Contact 1 Formatted Name is required'],
		[[barbara, { nmae: { formatted_name: 'x' } }], 'Contact 2', 'unknown field "nmae"'],
		[[{ ...barbara, birthday: '23/01/1999' }], 'Contact 1 Birthday', 'not a date in the form YYYY-MM-DD'],
		[[{ ...barbara, birthday: '1999-02-30' }], 'Contact 1 Birthday', 'not a date'],
		[[{ ...barbara, phones: [{ type: 'CELL' }] }], 'Contact 1 Phone 1 Number', 'needs a phone number or a WhatsApp ID'],
		[[{ ...barbara, phones: [{ phone: '1', type: 'MOBILE' }] }], 'Contact 1 Phone 1 Type', '"MOBILE" is not one of CELL, MAIN, IPHONE, HOME, WORK'],
		[[{ ...barbara, phones: [{ wa_id: '+1 650' }] }], 'Contact 1 Phone 1 WhatsApp ID', 'digits only'],
		[[{ ...barbara, emails: [{ email: 'not-an-email' }] }], 'Contact 1 Email 1', 'is not an email address'],
		[[{ ...barbara, emails: [{ email: 'a@b.c', type: 'OTHER' }] }], 'Contact 1 Email 1 Type', 'is not one of HOME, WORK'],
		[[{ ...barbara, addresses: [{ type: 'HOME' }] }], 'Contact 1 Address 1', 'is empty'],
		[[{ ...barbara, addresses: [{ city: 'X', country_code: 'USA' }] }], 'Contact 1 Address 1 Country Code', 'must be two letters'],
		[[{ ...barbara, urls: [{ type: 'HOME' }] }], 'Contact 1 URL 1', 'needs a URL'],
		[[{ ...barbara, phones: 'x' }], 'Contact 1 Phones', 'must be a list'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildContacts(input));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('buildReaction (facts §2.5)', () => {
	it('builds Meta’s example and the removal', () => {
		expect(buildSendBody(buildReaction({ messageId: 'wamid.USER_MESSAGE_ID', emoji: '😀' }), { to: '+15551234567' })).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'reaction',
			reaction: { message_id: 'wamid.USER_MESSAGE_ID', emoji: '😀' },
		});
		expect(buildReaction({ messageId: 'wamid.X', emoji: '' })).toEqual({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } });
	});

	it.each(['👍🏽', '🇵🇹', '👨‍👩‍👧', '❤️', '1️⃣'])('accepts the single emoji %s', (emoji) => {
		expect(buildReaction({ messageId: 'wamid.X', emoji }).reaction).toEqual({ message_id: 'wamid.X', emoji });
	});

	it.each([
		['👍👍', '2 characters'],
		['ok', '2 characters'],
		['a', '1 character)'],
	])('rejects %s', (emoji, text) => {
		const error = validationError(() => buildReaction({ messageId: 'wamid.X', emoji }));
		expect(error.field).toBe('Emoji');
		expect(error.message).toContain('Emoji must be exactly one emoji');
		expect(error.message).toContain(text);
	});

	it('requires the message ID', () => {
		expect(validationError(() => buildReaction({ messageId: ' ', emoji: '👍' })).field).toBe('Message ID');
	});
});

describe('buildMarkAsRead (facts §2.8)', () => {
	it('builds both documented bodies', () => {
		expect(buildMarkAsRead({ messageId: 'wamid.INBOUND_MESSAGE_ID' })).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.INBOUND_MESSAGE_ID' });
		expect(buildMarkAsRead({ messageId: 'wamid.INBOUND_MESSAGE_ID', typingIndicator: true })).toEqual({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.INBOUND_MESSAGE_ID',
			typing_indicator: { type: 'text' },
		});
		expect(validationError(() => buildMarkAsRead({ messageId: '' })).field).toBe('Message ID');
	});
});

describe('graphemes', () => {
	it.each(['👍🏽', '🇵🇹', '👨‍👩‍👧', '❤️', '1️⃣', '😀', 'a'])('counts %s as one character, with or without Intl.Segmenter', (text) => {
		expect(graphemes(text)).toEqual([text]);
		expect(approximateGraphemes(text)).toEqual([text]);
	});

	it('splits neighbours', () => {
		expect(approximateGraphemes('👍👍🏽🇵🇹🇧🇷')).toEqual(['👍', '👍🏽', '🇵🇹', '🇧🇷']);
		expect(graphemes('👍👍🏽🇵🇹🇧🇷')).toEqual(['👍', '👍🏽', '🇵🇹', '🇧🇷']);
	});
});
