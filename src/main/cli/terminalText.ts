// Makes text from outside (API strings: stream names, URLs, server messages) safe to print on a terminal.

/**
 * Characters a terminal acts on or a reader cannot see: C0 controls (ESC starts colour, cursor, title and clear-screen
 * sequences; CR rewrites the line; LF would fake a line of ours), DEL, C1 controls (U+009B is a one-byte CSI on some
 * terminals), and the bidirectional formatting characters that reorder what is shown (embeddings and overrides
 * U+202A–202E, isolates U+2066–2069, the marks U+200E, U+200F, U+061C) and the Unicode line and paragraph separators.
 * Tab stays: it only moves the cursor forward.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the purpose of this pattern
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Characters JSON.stringify leaves raw that a terminal may still act on (it already escapes U+0000–001F). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function hex(char: string, digits: number): string {
  return char.charCodeAt(0).toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * One line of terminal output with every unsafe character shown as a visible escape (`\x1B`, `\u202E`), so nothing
 * from outside can move the cursor, clear the screen, set the window title, start a new line or reorder the text.
 * Escaped rather than removed, so a strange name still looks strange instead of passing for another one.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => (char.charCodeAt(0) < 0x100 ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`));
}

/**
 * JSON for a terminal or a pipe: the same document (a JSON parser reads back exactly the same strings), with the
 * characters above written as `\uXXXX` escapes. They can only occur inside strings, where the escape is equivalent.
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (char) => `\\u${hex(char, 4).toLowerCase()}`);
}
