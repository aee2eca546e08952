import { createHmac } from 'node:crypto';

import { answerVerification, deriveVerifyToken, signBody, verifySignature } from '../../../whatsapp/webhooks/signature';
import { APP_SECRET, inbound, messages } from './fixtures';

/** Meta escapes non-ASCII as \uXXXX (lowercase hex) and signs those bytes. */
function metaBytes(payload: unknown): Buffer {
	return Buffer.from(JSON.stringify(payload).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

describe('verifySignature', () => {
	const body = metaBytes(inbound(messages.reaction));
	const header = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

	it('accepts the HMAC-SHA256 of the raw bytes with the App Secret', () => {
		expect(verifySignature(body, header, APP_SECRET)).toEqual({ ok: true });
		expect(signBody(body, APP_SECRET)).toBe(header);
		expect(verifySignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), APP_SECRET)).toEqual({ ok: true });
	});

	it('rejects the same JSON re-serialised (unicode un-escaped): the check is on bytes', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
		expect(reserialised.equals(body)).toBe(false);
		expect(verifySignature(reserialised, header, APP_SECRET)).toEqual(expect.objectContaining({ ok: false, reason: 'mismatch' }));
	});

	it('names each failure without leaking the secret or the digest', () => {
		const cases = [
			[verifySignature(body, undefined, APP_SECRET), 'missingHeader'],
			[verifySignature(body, '', APP_SECRET), 'missingHeader'],
			[verifySignature(body, 'sha1=abc', APP_SECRET), 'malformedHeader'],
			[verifySignature(body, 'sha256=zz', APP_SECRET), 'malformedHeader'],
			[verifySignature(body, signBody(body, 'another-secret'), APP_SECRET), 'mismatch'],
			[verifySignature(Buffer.concat([body, Buffer.from(' ')]), header, APP_SECRET), 'mismatch'],
			[verifySignature(body, header, ''), 'missingSecret'],
		] as const;
		for (const [result, reason] of cases) {
			expect(result).toEqual(expect.objectContaining({ ok: false, reason }));
			if (!result.ok) {
				expect(result.message).not.toContain(APP_SECRET);
				expect(result.message).not.toContain(header.slice(7));
			}
		}
	});

	it('takes the first value of a repeated header', () => {
		expect(verifySignature(body, [header, 'sha256=00'], APP_SECRET)).toEqual({ ok: true });
	});
});

describe('verify token and handshake', () => {
	it('derives the same token in every process, different per webhook and per secret', () => {
		const token = deriveVerifyToken(APP_SECRET, 'hook-1');
		expect(token).toBe(deriveVerifyToken(APP_SECRET, 'hook-1'));
		expect(token).toMatch(/^wabp_[0-9a-f]{32}$/);
		expect(deriveVerifyToken(APP_SECRET, 'hook-2')).not.toBe(token);
		expect(deriveVerifyToken('other', 'hook-1')).not.toBe(token);
	});

	it('echoes the challenge for subscribe + a matching token, else 403/400', () => {
		const query = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': 'tok' };
		expect(answerVerification(query, ['', 'tok'])).toEqual({ ok: true, challenge: '1158201444' });
		expect(answerVerification({ ...query, 'hub.verify_token': 'nope' }, ['tok'])).toEqual(expect.objectContaining({ ok: false, status: 403 }));
		expect(answerVerification({ ...query, 'hub.verify_token': '' }, [''])).toEqual(expect.objectContaining({ ok: false, status: 403 }));
		expect(answerVerification({ ...query, 'hub.mode': 'unsubscribe' }, ['tok'])).toEqual(expect.objectContaining({ ok: false, status: 400 }));
		expect(answerVerification({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok' }, ['tok'])).toEqual(expect.objectContaining({ ok: false, status: 400 }));
	});
});
