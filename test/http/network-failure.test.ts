import { describe, expect, it } from 'vitest';
import { classifyNetworkFailure } from '../../src/core/network-failure.js';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('one classifier for every failed exchange', () => {
  it('reads the code where fetch, node:http and happy eyeballs put it', () => {
    expect(classifyNetworkFailure(new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }))).toEqual({
      code: 'ECONNREFUSED',
      sent: 'no',
    });
    expect(classifyNetworkFailure(coded('ECONNRESET'))).toEqual({ code: 'ECONNRESET', sent: 'maybe' });
    const everyAddress = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]);
    const viaFetch = new TypeError('fetch failed', { cause: everyAddress });
    expect(classifyNetworkFailure(viaFetch)).toEqual({ code: 'ECONNREFUSED', sent: 'no' });
  });

  it('a timeout is TIMEOUT; a failure naming nothing is NETWORK_ERROR, maybe sent', () => {
    expect(classifyNetworkFailure(new DOMException('late', 'TimeoutError')).code).toBe('TIMEOUT');
    expect(classifyNetworkFailure(new Error('odd'))).toEqual({ code: 'NETWORK_ERROR', sent: 'maybe' });
  });

  it('before the connection existed, nothing was sent, whatever the code (a reset in the TLS handshake)', () => {
    expect(classifyNetworkFailure(coded('ECONNRESET'), false).sent).toBe('no');
  });
});
