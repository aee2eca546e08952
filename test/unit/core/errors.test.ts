import { describeMetaError, hintFor, isRetryableCode, parseGraphError } from '../../../whatsapp/errors';

/** Envelopes as Meta sends them (cloud-api-facts §13.1). */
const throughput = {
	error: {
		message: '(#130429) Rate limit hit',
		type: 'OAuthException',
		code: 130429,
		error_subcode: 2494055,
		error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
		fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
	},
};
const expiredToken = {
	error: {
		message: 'Error validating access token: Session has expired on Friday, 26-Apr-24 06:00:00 PDT.',
		type: 'OAuthException',
		code: 190,
		error_subcode: 463,
		fbtrace_id: 'AbC',
	},
};

describe('parseGraphError', () => {
	it('reads every field of the envelope and classifies throttling as retryable', () => {
		const error = parseGraphError(400, throughput);
		expect(error).toMatchObject({
			httpStatus: 400,
			code: 130429,
			subcode: 2494055,
			type: 'OAuthException',
			message: '(#130429) Rate limit hit',
			details: 'Cloud API message throughput has been reached.',
			fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
			category: 'throttled',
			retryable: true,
		});
		expect(error.hint).toMatch(/throttling/);
	});

	it('parses a JSON string body the same way', () => {
		expect(parseGraphError(401, JSON.stringify(expiredToken))).toMatchObject({ code: 190, subcode: 463, category: 'authentication', retryable: false });
	});

	it.each([
		[131047, 'window', false],
		[131026, 'recipient', false],
		[131056, 'throttled', true],
		[132000, 'template', false],
		[132001, 'template', false],
		[132015, 'template', false],
		[100, 'invalidRequest', false],
		[10, 'permission', false],
		[200, 'permission', false],
		[299, 'permission', false],
		[131053, 'media', false],
		[80007, 'throttled', true],
		[4, 'throttled', true],
		[131000, 'transient', true],
	])('code %i is %s (retryable: %s)', (code, category, retryable) => {
		const error = parseGraphError(400, { error: { message: `(#${code}) x`, code } });
		expect(error.category).toBe(category);
		expect(error.retryable).toBe(retryable);
		expect(isRetryableCode(code)).toBe(retryable);
		expect(error.hint.length).toBeGreaterThan(20);
	});

	it('tells the user to send a template when the window is closed', () => {
		expect(hintFor(131047)).toMatch(/template/);
	});

	it('treats a 5xx without an envelope as transient and an HTML 404 as a wrong base URL', () => {
		expect(parseGraphError(502, '<html>Bad gateway</html>')).toMatchObject({ code: 0, category: 'transient', retryable: true });
		const notGraph = parseGraphError(404, '<html>Not found</html>');
		expect(notGraph).toMatchObject({ category: 'unknown', retryable: false });
		expect(notGraph.hint).toMatch(/Base URL/);
	});

	it('treats unknown codes from a 5xx as transient and unknown 4xx codes as not retryable', () => {
		expect(parseGraphError(500, { error: { code: 999999, message: 'x' } })).toMatchObject({ category: 'transient', retryable: true });
		expect(parseGraphError(400, { error: { code: 999999, message: 'x' } })).toMatchObject({ category: 'unknown', retryable: false });
	});

	it('describes an error in one line with code, details, hint and trace id', () => {
		const line = describeMetaError(parseGraphError(400, throughput));
		expect(line).toContain('Meta error 130429 (subcode 2494055)');
		expect(line).toContain('Cloud API message throughput has been reached');
		expect(line).toContain('What to do:');
		expect(line).toContain('fbtrace_id Az8or2yhqkZfEZ-_4Qn_Bam');
	});
});
