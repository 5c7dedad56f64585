// An ingest that stops listening answers every datagram with an ICMP error: the uplink says so once per 10 s per kind
// of error, with a count, instead of hundreds of warnings a second.

import { describe, expect, it } from 'vitest';
import { socketErrorWarnings } from '../../src/main/broadcast/uplinkContract';

function errno(code: string): Error {
  return Object.assign(new Error(`send ${code} 127.0.0.1:9000`), { code });
}

describe('socketErrorWarnings', () => {
  it('warns once per kind of error per 10 s, says why for ECONNREFUSED, and counts the ones it held back', () => {
    let nowMs = 0;
    const warnings: string[] = [];
    const onError = socketErrorWarnings('primary', 'SRT sender', (w) => warnings.push(w), () => nowMs);
    for (let i = 0; i < 500; i++) {
      onError(errno('ECONNREFUSED'));
      nowMs += 10;
    }
    onError(errno('EHOSTUNREACH'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe('the primary SRT sender had a socket error (send ECONNREFUSED 127.0.0.1:9000) (the ingest is not listening on that port: restarting, or the wrong port); packets may have been lost');
    expect(warnings[1]).toMatch(/EHOSTUNREACH.*packets may have been lost$/);
    nowMs = 10_000;
    onError(errno('ECONNREFUSED'));
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toMatch(/; 499 more since the last warning; packets may have been lost$/);
  });
});
