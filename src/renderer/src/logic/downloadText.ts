// Offers text to the user as a file download (Blob + a[download]); the only way the sandboxed window saves a file.

/** `srt-companion-logs-20250131-142305.txt` for the given local time. */
export function logFileName(now: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  return `srt-companion-logs-${date}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.txt`;
}

export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoke after the click has been handled; the download keeps its own reference.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
