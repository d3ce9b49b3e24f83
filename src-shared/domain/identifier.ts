/**
 * Which strings may name a station or a metric, and which text an operator's comment may hold, as the
 * IPC contract and the decoder (src-main/core/decoder/identifier.ts re-exports it) check them.
 *
 * - 1 to 128 UTF-16 code units;
 * - no C0 controls (U+0000–U+001F), DEL (U+007F) or C1 controls (U+0080–U+009F);
 * - no lone (unpaired) surrogates;
 * - no invisible or direction-changing format characters ("Trojan Source", CVE-2021-42574): U+00AD,
 *   U+061C, U+180E, U+200B–U+200F, U+2028–U+202E, U+2060–U+206F, U+FEFF, and U+FFFE/U+FFFF;
 * - no leading or trailing space.
 */
export const MAX_IDENTIFIER_LENGTH = 128;

/** Null when `text` is an acceptable station or metric id, otherwise why not. */
export function describeInvalidIdentifier(text: string): string | null {
  const length = text.length;
  if (length === 0) return 'is empty';
  if (length > MAX_IDENTIFIER_LENGTH) return `is ${length} characters long (max ${MAX_IDENTIFIER_LENGTH})`;
  if (text.charCodeAt(0) === 0x20 || text.charCodeAt(length - 1) === 0x20) return 'starts or ends with a space';
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x20 && code < 0x7f) continue;
    if (isControl(code)) return `contains control character ${hex(code)} at position ${i}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return `contains a lone surrogate ${hex(code)} at position ${i}`;
      i++;
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return `contains a lone surrogate ${hex(code)} at position ${i}`;
    if (isInvisibleFormat(code)) return `contains invisible or direction-changing character ${hex(code)} at position ${i}`;
  }
  return null;
}

/** The longest operator comment on an out-of-service change. */
export const MAX_COMMENT_LENGTH = 500;

/** Null when `text` is an acceptable operator comment (newlines allowed, no other control character), otherwise why not. */
export function describeInvalidComment(text: string): string | null {
  if (text.length > MAX_COMMENT_LENGTH) return `is ${text.length} characters long (max ${MAX_COMMENT_LENGTH})`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x0a && isControl(code)) return `contains control character ${hex(code)} at position ${i}`;
  }
  return null;
}

function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

function isInvisibleFormat(code: number): boolean {
  return (
    code === 0xad ||
    code === 0x61c ||
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff
  );
}

function hex(code: number): string {
  return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
}
