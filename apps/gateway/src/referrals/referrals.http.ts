import { Injectable, type PipeTransform } from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '#contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A referral id in the path must be a UUID: 400 naming it, never a 500. */
@Injectable()
export class ReferralIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) {
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
        { field: 'id', reasons: ['id must be a UUID'] },
      ]);
    }
    return value.toLowerCase();
  }
}

/** If-Match: "<version>" (or W/"<version>"); undefined when absent. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
      { field: 'If-Match', reasons: ['If-Match must be the quoted version, e.g. "3"'] },
    ]);
  }
  return Number(match[1]);
}

export function setVersionETag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}
