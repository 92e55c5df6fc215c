import type {Matrix} from "../engine/index.js";

/**
 * FNV-1a 64-bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/) of a byte array, as
 * 16 lower-case hex digits. The 64-bit state is kept as two unsigned 32-bit halves so that hashing
 * a 50 MB matrix stays a tight number loop (BigInt per byte would be ~100x slower).
 *
 * Multiplying by the prime 0x100000001b3 = 2^40 + 0x1b3: the low half times 0x1b3 is below 2^41 and
 * so exact in a double; its high 32 bits carry into the high half, and 2^40 shifts the low half by
 * 8 bits into the high half.
 */
export function fnv1a64(bytes: Uint8Array): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let k = 0; k < bytes.length; ++k) {
    lo = (lo ^ bytes[k]) >>> 0;
    const t = lo * 0x1b3;
    const carry = Math.floor(t / 4294967296);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = t >>> 0;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** The content hash recorded in provenance: FNV-1a 64 of X's float32 bytes (platform byte order, little-endian in practice). */
export function hashMatrix(X: Matrix): string {
  return fnv1a64(new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
}
