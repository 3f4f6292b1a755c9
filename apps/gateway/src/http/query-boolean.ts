/**
 * "true"/"false" in a query string as a boolean, for class-transformer's @Transform; anything else
 * stays as it is and fails @IsBoolean.
 */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  return value;
}
