import { IsIn, IsString, MaxLength } from 'class-validator';
import { AppError } from '#contracts';
import { createValidationPipe, fieldWithNul } from './validation.pipe.js';

class ExampleBody {
  @IsString()
  @MaxLength(10)
  name!: string;

  @IsIn(['routine', 'urgent'])
  urgency!: string;
}

const metadata = { type: 'body' as const, metatype: ExampleBody };

describe('the gateway validation pipe', () => {
  const pipe = createValidationPipe();

  it('passes a valid body through as an instance of its class', async () => {
    const value = await pipe.transform({ name: 'ok', urgency: 'routine' }, metadata);
    expect(value).toBeInstanceOf(ExampleBody);
  });

  it('refuses unknown fields, naming them', async () => {
    const error: unknown = await pipe
      .transform({ name: 'ok', urgency: 'routine', role: 'admin' }, metadata)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION.FAILED');
    expect((error as AppError).details).toEqual([
      { field: 'role', reasons: [expect.stringContaining('should not exist')] },
    ]);
  });

  it('names every invalid field with its reason', async () => {
    const error = (await pipe
      .transform({ name: 'far too long a name', urgency: 'later' }, metadata)
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION.FAILED');
    const fields = (error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['name', 'urgency']);
  });

  it('refuses a NUL character in any text, naming the field (PostgreSQL cannot store it)', async () => {
    const error = (await pipe
      .transform({ name: 'a\u0000b', urgency: 'routine' }, metadata)
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.details).toEqual([{ field: 'name', reasons: [expect.stringContaining('NUL')] }]);
    expect(fieldWithNul({ needs: [{ description: 'ok' }, { description: 'x\u0000' }] })).toBe(
      'needs[1].description',
    );
    expect(fieldWithNul({ name: 'fine', list: ['also fine'] })).toBeNull();
  });
});
