// Test support: read an ffmpeg argument list the way ffmpeg does (flag values, per-input option blocks).

/** The value after the first `name` in `args` (undefined when absent). */
export function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Each input's options, from the end of the previous `-i VALUE` up to and including its own `-i VALUE`. */
export function inputs(args: readonly string[]): string[][] {
  const blocks: string[][] = [];
  let from = 0;
  args.forEach((a, i) => {
    if (a === '-i') {
      blocks.push(args.slice(from, i + 2));
      from = i + 2;
    }
  });
  return blocks;
}
