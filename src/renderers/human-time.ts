/** Times and durations as people read them, in UTC and English whatever the locale: reports stay byte-identical. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-12-02T20:28:41Z` → `2 Dec 2026, 20:28 UTC`; a date alone → `2 Dec 2026`; text that is no date, as is. */
export function humanTime(iso: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  const d = new Date(time);
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso.trim())) return day;
  return `${day}, ${twoDigits(d.getUTCHours())}:${twoDigits(d.getUTCMinutes())} UTC`;
}

/** Milliseconds as the two largest units: `850 ms`, `2.3 s`, `4m 05s`, `24h`, `1h 30m`, `3d 4h`. */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m ${twoDigits(Math.floor((ms % 60_000) / 1000))}s`;
  const hours = Math.floor(minutes / 60);
  // Hours up to two days, as Cloudflare writes session durations (`24h`).
  if (hours < 48) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${twoDigits(minutes % 60)}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** How long before `later` the time `earlier` was (`24h`); '' when either is not a date or it is not before. */
export function humanAge(earlier: string, later: string): string {
  const ms = Date.parse(later) - Date.parse(earlier);
  return Number.isFinite(ms) && ms > 0 ? humanDuration(ms) : '';
}
