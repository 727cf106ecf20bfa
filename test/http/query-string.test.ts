import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryString } from '../../src/http/transport-common.js';

describe('the query string', () => {
  it('is what URLSearchParams writes, for any names and values (lists comma-joined, absent ones left out)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const value = fc.oneof(
      text,
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
      fc.array(text, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.dictionary(text, value, { maxKeys: 5 }), (query) => {
        const params = new URLSearchParams();
        for (const [name, v] of Object.entries(query)) {
          if (v !== undefined) params.append(name, Array.isArray(v) ? v.join(',') : String(v));
        }
        const expected = params.toString();
        expect(queryString(query)).toBe(expected ? `?${expected}` : '');
      }),
      { numRuns: 2000 },
    );
    expect(queryString({ organization_id: '42', search_text: "a b~!'()*é" })).toBe(
      '?organization_id=42&search_text=a+b%7E%21%27%28%29*%C3%A9',
    );
  });
});
