/**
 * Parameter values per row of a read audience: `{{ $json.column }}` references are the row's
 * values (typed when alone, text when surrounded), campaign-wide expressions go to n8n once, and
 * anything else that reads the item is refused with a message that names the field and the way out.
 */
import { ASK_N8N, columnPath, compileRowValue, loneReferenceReader } from '../../../nodes/WhatsAppBusinessPlatform/helpers/columnReferences';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

const row = { phone: '+15551234567', name: 'Ana', count: 3, vip: true, attributes: { first_name: 'Ana', 'zip code': '10115' }, empty: null };

describe('columnPath', () => {
	it.each([
		['$json.name', ['name']],
		[' $json.attributes.first_name ', ['attributes', 'first_name']],
		['$json["zip code"]', ['zip code']],
		["$json['a'].b", ['a', 'b']],
	])('%s → %j', (block, path) => expect(columnPath(block)).toEqual(path));

	it.each(['$json', '$json.name.toUpperCase()', '$json.name + 1', '$now', '$json[0]', '$jsonx.name'])('%s is not a column', (block) => expect(columnPath(block)).toBeUndefined());
});

describe('compileRowValue', () => {
	const never = () => {
		throw new Error('n8n was asked');
	};

	it('keeps fixed values and the type of a lone column reference', () => {
		expect(compileRowValue('plain', 'Text', never)(row)).toBe('plain');
		expect(compileRowValue(7, 'Count', never)(row)).toBe(7);
		expect(compileRowValue('={{ $json.count }}', 'Count', never)(row)).toBe(3);
		expect(compileRowValue('={{ $json.vip }}', 'Opted Out', never)(row)).toBe(true);
		expect(compileRowValue('={{ $json.missing }}', 'Text', never)(row)).toBeUndefined();
	});

	it('fills text around references, nested and quoted columns, empty for null', () => {
		const value = compileRowValue('=Hi {{ $json.attributes.first_name }} ({{ $json["attributes"]["zip code"] }}){{ $json.empty }}!', 'Text', never);
		expect(value(row)).toBe('Hi Ana (10115)!');
		expect(value({ attributes: { first_name: 'Ben' } })).toBe('Hi Ben ()!');
		expect(compileRowValue('={{ $json.attributes }}x', 'Text', never)(row)).toBe('{"first_name":"Ana","zip code":"10115"}x');
	});

	it('resolves inside objects and arrays (collections, the resource mapper)', () => {
		const value = compileRowValue({ mappingMode: 'defineBelow', value: { 'body.1': '={{ $json.name }}', 'body.2': 'fixed' }, list: ['={{ $json.count }}'] }, 'Template fields', never);
		expect(value(row)).toEqual({ mappingMode: 'defineBelow', value: { 'body.1': 'Ana', 'body.2': 'fixed' }, list: [3] });
	});

	it('asks n8n once for an expression that does not read the recipient', () => {
		const asked: string[] = [];
		const value = compileRowValue("={{ $now.toISODate() }} {{ $('Form').item.json.code }}", 'Text', (expression) => {
			asked.push(expression);
			return 'evaluated';
		});
		expect(value(row)).toBe('evaluated');
		expect(value({ other: 1 })).toBe('evaluated');
		expect(asked).toEqual(["{{ $now.toISODate() }} {{ $('Form').item.json.code }}"]);
	});

	it.each([
		['={{ $json.name.toUpperCase() }}', '{{ $json.name.toUpperCase() }}'],
		['=Hi {{ $json.name }} {{ $input.item.json.x }}', '{{ $input.item.json.x }}'],
		['={{ $json }}', '{{ $json }}'],
		["={{ $json.a ?? 'x' }}", "{{ $json.a ?? 'x' }}"],
	])('refuses %s, quoting the part a row cannot answer', (raw, quoted) => {
		let error: unknown;
		try {
			compileRowValue(raw, 'Body Parameter 2', never);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(WhatsAppValidationError);
		expect((error as Error).message).toBe(
			`Body Parameter 2: with the audience read from a table, an expression can take a row's column only as {{ $json.column }} (found ${JSON.stringify(quoted)}). Compute the value into a column of the table, or send to input items instead`,
		);
	});
});

describe('loneReferenceReader (input items without the expression engine)', () => {
	it('reads lone references of string values, in collections too', () => {
		const reader = loneReferenceReader({ parameter: [{ value: '={{ $json.name }}' }, { value: '={{ $json.attributes["zip code"] }}' }, { value: 'fixed' }] })!;
		expect(reader(row)).toEqual({ parameter: [{ value: 'Ana' }, { value: '10115' }, { value: 'fixed' }] });
		expect(loneReferenceReader('={{ $json.phone }}')!(row)).toBe('+15551234567');
	});

	it('asks n8n for anything that is not a string: numbers, booleans, missing fields, null', () => {
		const reader = loneReferenceReader('={{ $json.count }}')!;
		expect(reader(row)).toBe(ASK_N8N);
		expect(loneReferenceReader('={{ $json.vip }}')!(row)).toBe(ASK_N8N);
		expect(loneReferenceReader('={{ $json.missing }}')!(row)).toBe(ASK_N8N);
		expect(loneReferenceReader('={{ $json.empty }}')!(row)).toBe(ASK_N8N);
		expect(loneReferenceReader({ parameter: [{ value: '={{ $json.name }}' }, { value: '={{ $json.count }}' }] })!(row)).toBe(ASK_N8N);
	});

	it('is not used for other expressions, text around a reference, or a mapper with non-string fields', () => {
		expect(loneReferenceReader('=Hi {{ $json.name }}')).toBeUndefined();
		expect(loneReferenceReader('={{ $json.name.trim() }}')).toBeUndefined();
		expect(loneReferenceReader('={{ $now }}')).toBeUndefined();
		expect(loneReferenceReader({ mappingMode: 'defineBelow', value: { a: '={{ $json.name }}' }, schema: [{ id: 'a', type: 'number' }] })).toBeUndefined();
		const mapper = loneReferenceReader({ mappingMode: 'defineBelow', value: { a: '={{ $json.name }}' }, schema: [{ id: 'a', type: 'string' }] })!;
		expect(mapper(row)).toEqual({ mappingMode: 'defineBelow', value: { a: 'Ana' }, schema: [{ id: 'a', type: 'string' }] });
	});
});
