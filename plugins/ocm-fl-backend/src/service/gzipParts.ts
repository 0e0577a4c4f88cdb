import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Text compressed on its own, to be joined with other parts into one gzip answer: a large
 * part that rarely changes is compressed once, and only the small parts around it each time.
 */
export interface DeflatedText {
  /** The text in UTF-8. */
  bytes: Buffer;
  /**
   * Its raw deflate stream, ended by a sync flush rather than a last block: it stops on a byte
   * boundary, so that another deflate stream may follow it (as zlib's examples/gzjoin.c joins).
   */
  deflated: Buffer;
}

export function deflateText(text: string): DeflatedText {
  const bytes = Buffer.from(text, 'utf8');
  return {
    bytes,
    deflated: deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }),
  };
}

/** RFC 1952 member header: deflate, no flags, no time, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A last, empty block with fixed codes (RFC 1951 3.2.6): ends the joined deflate stream. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);

/** Whether this Node.js can join parts (zlib.crc32 came with Node.js 22.2). */
export const canJoinGzip = typeof crc32 === 'function';

/**
 * One gzip member holding the parts' texts in order: their deflate streams one after the
 * other, a last block, and the trailer's CRC-32 and length of the whole text.
 */
export function gzipOf(parts: DeflatedText[]): Buffer {
  let crc = 0;
  let length = 0;
  for (const part of parts) {
    // An empty part adds nothing; skipped, as with one first the CRC came out wrong under
    // Jest (Node.js 22.23), though not in a plain script.
    if (part.bytes.length === 0) continue;
    crc = crc32(part.bytes, crc);
    length += part.bytes.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([
    GZIP_HEADER,
    ...parts.map(part => part.deflated),
    LAST_BLOCK,
    trailer,
  ]);
}
