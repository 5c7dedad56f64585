// `push --local --fault SPEC` parsing (pure) and the fault sentences the CLI, the events and the app show.

import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/main/cli/commands/faultSpec';
import { describeFault, faultProblem, resolveFault } from '../../src/shared/rehearsalTypes';

describe('parseFaultSpec', () => {
  it.each([
    ['glitch@10', { fault: { kind: 'glitch', target: 'primary' }, atS: 10 }],
    ['outage:20@5s', { fault: { kind: 'outage', target: 'primary', durationMs: 20_000 }, atS: 5 }],
    ['backup/glitch:1.5@30', { fault: { kind: 'glitch', target: 'backup', durationMs: 1500 }, atS: 30 }],
    ['loss:15%:60@10', { fault: { kind: 'loss', target: 'primary', lossPct: 15, durationMs: 60_000 }, atS: 10 }],
    ['loss@0', { fault: { kind: 'loss', target: 'primary' }, atS: 0 }],
    ['refuse-key@3', { fault: { kind: 'refuse-key', target: 'both' }, atS: 3 }],
    ['primary/refuse-key:30@3', { fault: { kind: 'refuse-key', target: 'primary', durationMs: 30_000 }, atS: 3 }],
  ])('%s', (raw, expected) => {
    expect(parseFaultSpec(raw)).toEqual(expected);
  });

  it.each([
    ['outage:20', 'say when with @SECONDS'],
    ['outage@soon', '"soon" is not a number of seconds'],
    ['meteor@1', '"meteor" is not glitch, outage, refuse-key, loss'],
    ['sideways/glitch@1', '"sideways" is not primary, backup or both'],
    ['glitch:-1@1', 'the duration must be a positive number'],
    ['glitch:1:2@1', 'too many values'],
    ['loss:150@1', 'from 1 to 100 %'],
    ['outage:9999@1', 'at most 10 minutes'],
  ])('refuses %s with a sentence and an example', (raw, why) => {
    expect(() => parseFaultSpec(raw)).toThrow(why);
    expect(() => parseFaultSpec(raw)).toThrow('e.g. outage:20@10');
  });
});

describe('fault sentences', () => {
  it('fills the defaults and says what will happen', () => {
    expect(resolveFault({ kind: 'loss', target: 'primary' })).toEqual({ kind: 'loss', target: 'primary', durationMs: 20_000, lossPct: 15 });
    expect(resolveFault({ kind: 'outage', target: 'primary' }, 6000).durationMs).toBe(6000);
    expect(describeFault({ kind: 'glitch', target: 'primary' })).toBe("the primary ingest's network path drops every packet for 1.5 s");
    expect(describeFault({ kind: 'outage', target: 'both', durationMs: 40_000 })).toBe('both ingests go down for 40 s, losing their connections');
    expect(describeFault({ kind: 'refuse-key', target: 'both' })).toBe('both ingests end the connection and refuse the stream key from now on');
    expect(describeFault({ kind: 'loss', target: 'backup', lossPct: 5, durationMs: 10_000 })).toBe("the backup ingest's network path loses 5 % of the packets for 10 s");
    expect(faultProblem({ kind: 'glitch', target: 'primary', lossPct: 5 })).toContain('loss burst only');
    expect(faultProblem({ kind: 'glitch', target: 'primary', durationMs: 0 })).toContain('more than 0 s');
  });
});
