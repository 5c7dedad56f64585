// Shared settings of the property-based parser tests: one seed per run (printed, replayable), bounded run counts,
// adversarial long-string generators and a generous time budget that only catastrophic backtracking can exceed.

import fc from 'fast-check';

function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw !== undefined && raw.trim() !== '') {
    const seed = Number(raw);
    if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${raw}"`);
    return seed | 0;
  }
  return (Math.random() * 0x100000000) | 0;
}

/** The seed of this test file's run: FUZZ_SEED when set, else a random one. Printed once per file. */
export const FUZZ_SEED = seedFromEnv();
console.log(`fuzz seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED} npx vitest run test/fuzz)`);

/** FUZZ_RUNS_SCALE multiplies every run count (e.g. 20 for a long local session); 1 in CI. */
const RUNS_SCALE = Math.max(1, Number(process.env.FUZZ_RUNS_SCALE ?? 1) || 1);

/**
 * Parameters for fc.assert: the file's seed and a bounded number of runs. Counts are chosen per property so the whole
 * folder stays well under 45 s on a 2-core machine; `examples` are regression inputs that always run first.
 */
export function fuzzParams<Ts>(numRuns: number, examples: Ts[] = []): fc.Parameters<Ts> {
  return { seed: FUZZ_SEED, numRuns: Math.round(numRuns * RUNS_SCALE), examples };
}

/**
 * Upper bound for one parse of an adversarial input of up to ~120k characters. A linear parser needs a few
 * milliseconds for that; a quadratic regex (the bug this guards against) needs seconds. The margin is two orders of
 * magnitude, so a busy machine cannot make a linear parser fail, and this is the only wall-clock check in the folder.
 */
export const PARSE_BUDGET_MS = 400;

/** Runs `parse` and returns how long it took, in milliseconds; exceptions are the caller's business. */
export function timeMs(parse: () => unknown): number {
  const started = performance.now();
  parse();
  return performance.now() - started;
}

/**
 * Long strings built to make backtracking regexes explode: a short unit (from `units`, the characters the parser's
 * patterns care about) repeated thousands of times, between a prefix that gets the line into the pattern and an
 * arbitrary short suffix that makes the match fail at the very end.
 */
export function adversarialLine(prefixes: readonly string[], units: readonly string[], minRepeat = 8_000, maxRepeat = 20_000): fc.Arbitrary<string> {
  // No shrinking: a failing case is already minimal in structure, and each shrink step would cost seconds.
  return fc.noShrink(
    fc
      .record({
        prefix: fc.constantFrom(...prefixes),
        unit: fc.constantFrom(...units),
        repeat: fc.integer({ min: minRepeat, max: maxRepeat }),
        suffix: fc.string({ maxLength: 4 }),
      })
      .map(({ prefix, unit, repeat, suffix }) => `${prefix}${unit.repeat(repeat)}${suffix}`),
  );
}

/** Text that looks a little like tool output: lines of printable ASCII and the punctuation parsers split on. */
export function toolOutput(alphabet: string, maxLines = 30): fc.Arbitrary<string> {
  const char = fc.constantFrom(...alphabet.split(''));
  const line = fc.string({ unit: char, maxLength: 60 });
  return fc
    .tuple(fc.array(line, { maxLength: maxLines }), fc.constantFrom('\n', '\r\n', '\r'))
    .map(([lines, eol]) => lines.join(eol));
}

/** Splits `data` at arbitrary points (sorted, deduplicated); the pieces concatenate back to `data`. */
export function chunked(data: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, data.length]) {
    if (p > prev) out.push(data.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  return out;
}
