import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { AppError, InviteMemberPayload, UpdateOrganisationPayload } from '#contracts';
import { createEnvelope } from './envelope.js';
import { EnvelopePayloadPipe } from './envelope-payload.pipe.js';

class Address {
  @IsString()
  city!: string;
}

class Payload {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

const context = { actor: null, correlationId: 'corr-1' };

async function refusal(pipe: EnvelopePayloadPipe<object>, value: unknown): Promise<AppError> {
  const error: unknown = await pipe.transform(value).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('EnvelopePayloadPipe', () => {
  const pipe = new EnvelopePayloadPipe(Payload);

  it('passes a valid envelope on with its data as an instance of the payload class', async () => {
    const envelope = createEnvelope('x.y.z', { name: 'a', count: 2, address: { city: 'Oulu' } }, context);
    const result = await pipe.transform(envelope);
    expect(result.data).toBeInstanceOf(Payload);
    expect(result.data).toEqual({ name: 'a', count: 2, address: { city: 'Oulu' } });
    expect(result.correlationId).toBe('corr-1');
  });

  it('refuses something that is not an envelope', async () => {
    for (const value of [null, 'text', { data: {} }, { ...createEnvelope('x', {}, context), actor: 'x' }]) {
      const error = await refusal(pipe, value);
      expect(error.code).toBe('VALIDATION.FAILED');
    }
  });

  it('refuses invalid data naming each field, nested ones by their path', async () => {
    const envelope = createEnvelope('x.y.z', { name: 1, count: 0, address: { city: 2 } }, context);
    const error = await refusal(pipe, envelope);
    expect(error.code).toBe('VALIDATION.FAILED');
    const fields = (error.details as { field: string }[]).map((detail) => detail.field).sort();
    expect(fields).toEqual(['address.city', 'count', 'name']);
  });

  it('refuses an unknown field', async () => {
    const envelope = createEnvelope(
      'x.y.z',
      { name: 'a', count: 1, address: { city: 'Oulu' }, extra: true },
      context,
    );
    const error = await refusal(pipe, envelope);
    expect(error.details).toEqual([{ field: 'extra', reasons: [expect.stringContaining('extra')] }]);
  });

  it('checks only the envelope when no payload class is given', async () => {
    const envelope = createEnvelope('x.y.z', { anything: 1 }, context);
    await expect(new EnvelopePayloadPipe().transform(envelope)).resolves.toBe(envelope);
    expect((await refusal(new EnvelopePayloadPipe(), { id: 1 })).code).toBe('VALIDATION.FAILED');
  });

  it('applies the payload rules: no null where not nullable, no control characters', async () => {
    const pipe = new EnvelopePayloadPipe(UpdateOrganisationPayload);
    const id = '7f0c1a2e-4b7d-4c51-9a2f-1d3e5b7c9a01';
    for (const [data, field] of [
      [{ id, kind: null }, 'kind'],
      [{ id, units: null }, 'units'],
      [{ id, canSend: null }, 'canSend'],
      [{ id, canReceive: null }, 'canReceive'],
      [{ id, kind: 'a\u0000b' }, 'kind'],
      [{ id, name: { fi: 'x\u0001' } }, 'name.fi'],
    ] as const) {
      const error = await refusal(pipe, createEnvelope('x.y.z', data, context));
      expect(error.details).toEqual([{ field, reasons: [expect.any(String)] }]);
    }
    const valid = await pipe.transform(createEnvelope('x.y.z', { id, businessId: null }, context));
    expect(valid.data).toEqual({ id, businessId: null });
  });

  it('checks the payload rules before any validator sees the text (isEmail throws on a lone surrogate)', async () => {
    const pipe = new EnvelopePayloadPipe(InviteMemberPayload);
    const data = {
      organisationId: '7f0c1a2e-4b7d-4c51-9a2f-1d3e5b7c9a01',
      email: 'a\ud800@example.org',
      role: 'advisor',
    };
    const error = await refusal(pipe, createEnvelope('x.y.z', data, context));
    expect(error.details).toEqual([
      { field: 'email', reasons: [expect.stringContaining('control characters')] },
    ]);
  });
});
