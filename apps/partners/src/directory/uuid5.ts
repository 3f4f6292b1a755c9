import { createHash } from 'node:crypto';

/** The namespace of the ids the HSDS export derives (languages, locations, contacts, taxonomy terms). */
export const MONI_HSDS_NAMESPACE = '5b8f3d0e-6a43-4c1f-9e27-3c1d0b7a9f42';

/**
 * A name-based UUID (RFC 9562 version 5): the same name always gives the same id, so an export's
 * derived records keep their ids from one export to the next.
 */
export function uuidV5(name: string, namespace = MONI_HSDS_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
