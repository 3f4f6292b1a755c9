/** A comma-separated query parameter (`?status=a,b`) as an array, for class-transformer's @Transform. */
export const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : value;
