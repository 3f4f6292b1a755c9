import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { createTransport } from 'nodemailer';
import { resolveSmtp } from './smtp-sink.js';
import type { Supervisor } from './supervisor.js';

describe('the SMTP sink of npm start', () => {
  let root: string;
  const stops: (() => Promise<unknown>)[] = [];
  const supervisor = {
    defer: (_name: string, stop: () => Promise<unknown>) => stops.push(stop),
    checkpoint: () => undefined,
  } as unknown as Supervisor;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'moni-sink-'));
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(async () => {
    for (const stop of stops.splice(0)) {
      await stop();
    }
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps each e-mail as sent (.eml) and as readable text: the decoded subject and text part', async () => {
    const url = await resolveSmtp({ SMTP_SINK_PORT: '0' }, root, supervisor);
    const transport = createTransport(url);
    await transport.sendMail({
      from: 'MONI <noreply@moni.example>',
      to: 'intake@employment.example',
      subject: 'Uusi lähete – äöå',
      text: 'Hei, teille on uusi lähete: https://portal.example/referrals/1',
      html: '<p>Hei, <b>HTML</b> only</p>',
    });
    transport.close();

    const dir = path.join(root, '.data', 'mail');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const [eml, txt] = files;
    expect(eml).toMatch(/\.eml$/);
    expect(readFileSync(path.join(dir, eml), 'utf8')).toContain('Content-Type: multipart/alternative');
    expect(readFileSync(path.join(dir, txt), 'utf8')).toBe(
      'To: intake@employment.example\nSubject: Uusi lähete – äöå\n\n' +
        'Hei, teille on uusi lähete: https://portal.example/referrals/1',
    );
  });
});
