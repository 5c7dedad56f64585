// Display formatting of durations, clock times and bit rates (pure; locale-independent so tests are stable).

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `83000` → `1:23`, `3723000` → `1:02:03`. Negative input reads as zero. */
export function formatElapsed(elapsedMs: number): string {
  const totalS = Math.max(0, Math.floor(elapsedMs / 1000));
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/** Unix seconds → local `HH:MM:SS`. */
export function formatClock(tSeconds: number): string {
  const d = new Date(tSeconds * 1000);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** `4480` → `4.48 Mbps`, `812.4` → `812 kbps`. */
export function formatKbps(kbps: number): string {
  if (!Number.isFinite(kbps)) return '—';
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(2)} Mbps` : `${Math.round(kbps)} kbps`;
}

/** `37.26` → `37 ms`; null (not measured yet) → `—`. */
export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : `${Math.round(ms)} ms`;
}
