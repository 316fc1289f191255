import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from `seed`: the same seed always gives the same id. */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const groups = [hex.slice(0, 8), hex.slice(8, 12), `4${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`];
  return [...groups, hex.slice(20, 32)].join('-');
}

/** A 32-hex-digit id (the shape of Cloudflare account, zone and tag ids). */
export function stableHexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}
