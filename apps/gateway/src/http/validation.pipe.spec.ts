import { IsIn, IsString, MaxLength } from 'class-validator';
import { AppError } from '#contracts';
import { UpdateOrganisationDto } from '../partners/organisations.dto.js';
import { createValidationPipe } from './validation.pipe.js';

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

  // Issue 16: these answered 500 INTERNAL.ERROR before the payload rules.
  it.each([
    [{ kind: null }, 'kind'],
    [{ units: null }, 'units'],
    [{ canSend: null }, 'canSend'],
    [{ canReceive: null }, 'canReceive'],
    [{ kind: '\u0000'.repeat(3) }, 'kind'],
    [{ intake: { email: 'a\ud800@example.org' } }, 'intake.email'],
  ])('refuses PATCH /organisations/{id} with %j naming %s', async (body, field) => {
    const error = (await pipe
      .transform(body, { type: 'body', metatype: UpdateOrganisationDto })
      .catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('VALIDATION.FAILED');
    expect(error.details).toEqual([{ field, reasons: [expect.any(String)] }]);
  });

  it('still accepts null where the field is nullable', async () => {
    const value = await pipe.transform(
      { businessId: null },
      { type: 'body', metatype: UpdateOrganisationDto },
    );
    expect(value).toEqual({ businessId: null });
  });
});
