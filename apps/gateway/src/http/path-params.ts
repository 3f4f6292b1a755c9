import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { Response } from 'express';
import { AppError } from '#contracts';

// Path ids and versions of the HTTP resources, shared by every controller of the gateway.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `:id` in the path, validated by the global pipe (400 naming `id`). */
export class IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

/** A path id must be a UUID: 400 naming the parameter otherwise. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) {
      const field = metadata.data ?? 'id';
      throw new AppError('VALIDATION.FAILED', 'The request is invalid', [
        { field, reasons: [`${field} must be a UUID`] },
      ]);
    }
    return value.toLowerCase();
  }
}

/** If-Match: "<version>" (or W/"<version>"), or undefined when the header is absent. */
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

/** If-Match on a change that needs it (every referral transition): 428 when absent. */
export function requiredVersionFromIfMatch(header: string | undefined): number {
  const version = versionFromIfMatch(header);
  if (version === undefined) {
    throw new AppError(
      'RESOURCE.PRECONDITION_REQUIRED',
      'This change needs If-Match with the version last read',
      {
        header: 'If-Match',
      },
    );
  }
  return version;
}

export function setETag(res: Response, version: number): void {
  res.setHeader('ETag', `"${version}"`);
}
