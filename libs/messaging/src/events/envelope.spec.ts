import { SYSTEM_ACTOR } from '#contracts';
import { createEventEnvelope, parseEnvelope } from './envelope.js';

const valid = () =>
  createEventEnvelope(
    'events.system.probe.recorded',
    { probeId: 'p-1', sequence: 1 },
    { actor: SYSTEM_ACTOR, correlationId: 'corr-1' },
  );

const withField = (field: string, value: unknown) => JSON.stringify({ ...valid(), [field]: value });

describe(createEventEnvelope.name, () => {
  it('fills id, version and occurredAt', () => {
    const envelope = valid();

    expect(envelope).toMatchObject({
      type: 'events.system.probe.recorded',
      version: 1,
      correlationId: 'corr-1',
    });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(envelope.occurredAt)).not.toBeNaN();
  });

  it('keeps a given id and time', () => {
    const envelope = createEventEnvelope(
      'events.system.probe.recorded',
      { probeId: 'p', sequence: 2 },
      {
        actor: null,
        correlationId: 'c',
        id: '6f1c2a52-4d0c-4c53-9d7e-0c1b1d0a9b11',
        occurredAt: new Date('2025-01-02T03:04:05.000Z'),
      },
    );

    expect(envelope.id).toBe('6f1c2a52-4d0c-4c53-9d7e-0c1b1d0a9b11');
    expect(envelope.occurredAt).toBe('2025-01-02T03:04:05.000Z');
  });

  it('leaves the actor’s e-mail out: events carry no personal data', () => {
    const envelope = createEventEnvelope(
      'events.system.probe.recorded',
      { probeId: 'p', sequence: 3 },
      { actor: { ...SYSTEM_ACTOR, email: 'someone@example.org' }, correlationId: 'c' },
    );
    expect(envelope.actor).toEqual(SYSTEM_ACTOR);
    expect(JSON.stringify(envelope)).not.toContain('@');
  });
});

describe(parseEnvelope.name, () => {
  it('accepts a well-formed envelope from bytes or text', () => {
    const envelope = valid();

    expect(parseEnvelope(Buffer.from(JSON.stringify(envelope)))).toEqual({ ok: true, envelope });
    expect(parseEnvelope(JSON.stringify({ ...envelope, actor: null }))).toMatchObject({ ok: true });
  });

  it('rejects bytes that are not JSON', () => {
    expect(parseEnvelope('{not json')).toEqual({ ok: false, error: 'not valid JSON' });
  });

  it.each([
    ['id', 'not-a-uuid', 'id must be a uuid'],
    ['type', 'clients.consent.withdrawn', 'type must be an event type'],
    ['version', 0, 'version must be a positive integer'],
    ['version', 1.5, 'version must be a positive integer'],
    ['occurredAt', 'yesterday', 'occurredAt must be an ISO date-time'],
    ['correlationId', '', 'correlationId must be a non-empty string'],
    ['idempotencyKey', 42, 'idempotencyKey must be a non-empty string when present'],
    ['data', [1, 2], 'data must be an object'],
    ['data', null, 'data must be an object'],
    ['actor', 'system', 'actor must be an object or null'],
    ['actor', { ...SYSTEM_ACTOR, userId: '' }, 'actor.userId must be a non-empty string'],
    ['actor', { ...SYSTEM_ACTOR, role: 'superuser' }, 'actor.role must be a known role or null'],
    ['actor', { ...SYSTEM_ACTOR, realmRoles: ['root'] }, 'actor.realmRoles must be a list of known roles'],
  ])('rejects an envelope whose %s is %j', (field, value, error) => {
    const parsed = parseEnvelope(withField(field, value));

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(error);
  });

  it('does not echo the offending value in its error', () => {
    const parsed = parseEnvelope(withField('id', '010190-123A'));

    expect(parsed).toEqual({ ok: false, error: 'id must be a uuid' });
  });

  it('rejects a JSON value that is not an object', () => {
    expect(parseEnvelope('[]')).toEqual({ ok: false, error: 'envelope must be a JSON object' });
  });
});
