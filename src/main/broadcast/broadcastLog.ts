// The broadcast's log: a bounded ring of timestamped lines, every one redacted of the stream keys and passphrases.

import { redact } from '../redact';

const LOG_LINES = 500;

export class BroadcastLog {
  private readonly lines: string[] = [];

  /** `secrets` names what must never appear (the targets' keys and passphrases, known once they are resolved). */
  constructor(
    private readonly now: () => number,
    private readonly secrets: () => string[],
  ) {}

  /** The text with every secret and every secret-looking URL part masked. */
  redacted(text: string): string {
    return redact(text, this.secrets());
  }

  add(line: string): void {
    this.lines.push(`${new Date(this.now()).toISOString()} ${this.redacted(line)}`);
    if (this.lines.length > LOG_LINES) this.lines.shift();
  }

  recent(): string[] {
    return [...this.lines];
  }
}
