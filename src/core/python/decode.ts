/**
 * Source bytes → text, as an editor would open them: a UTF-8 BOM is dropped, UTF-16 (by its BOM) is decoded
 * as such, and a file with NUL bytes in its first 8 KB is binary and not read as source.
 */
export type Decoded = { text: string } | { binary: true };

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.subarray(start, start + 8192).includes(0)) return { binary: true };
  // Not UTF-8 (a Latin-1 comment): the odd bytes become U+FFFD; code around them reads the same.
  return { text: new TextDecoder('utf-8').decode(bytes.subarray(start)) };
}
