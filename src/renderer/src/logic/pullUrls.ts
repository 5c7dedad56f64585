// Turns the pull-source text box (one URL per line or space-separated) into the list setPull expects.

/** Splits on any whitespace and drops empty entries and exact duplicates, keeping the order typed. */
export function parsePullUrls(text: string): string[] {
  const seen = new Set<string>();
  const urls: string[] = [];
  for (const part of text.split(/\s+/)) {
    if (part !== '' && !seen.has(part)) {
      seen.add(part);
      urls.push(part);
    }
  }
  return urls;
}
