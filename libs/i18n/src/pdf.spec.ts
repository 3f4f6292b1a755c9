import { PdfWriter, visualRuns } from './pdf.js';

describe(PdfWriter.name, () => {
  it('orders the runs of an Arabic line right to left, keeping numbers and Latin words intact', () => {
    const runs = visualRuns('سارية حتى 31.12.2026 Kela', true);
    // Visual order, left to right: the Latin word, the number, then the Arabic words.
    expect(runs.map((run) => run.text.trim()).filter(Boolean)).toEqual(['Kela', '31.12.2026', 'سارية حتى']);
  });

  it('keeps an isolated value such as a version in its own order inside Arabic', () => {
    const runs = visualRuns('إصدار إشعار الخصوصية: \u20682026-1\u2069', true);
    expect(runs.map((run) => run.text.trim()).filter(Boolean)).toEqual(['2026-1', 'إصدار إشعار الخصوصية:']);
    expect(runs.every((run) => !/[\u2066-\u2069]/.test(run.text))).toBe(true);
  });

  it('leaves a left-to-right line as it is', () => {
    expect(visualRuns('Voimassa asti 31.12.2026', false)).toEqual([
      { text: 'Voimassa asti 31.12.2026', level: 0 },
    ]);
  });

  it('writes a PDF with Cyrillic and Arabic text', async () => {
    const pdf = await new PdfWriter({ language: 'ar', title: 'إيصال الموافقة' })
      .heading('إيصال الموافقة')
      .paragraph('يوضح هذا الإيصال المعلومات التي وافقت على مشاركتها (فئة خاصة).')
      .field('مع من', 'Kela, Seinäjoki office')
      .bullets(['Квитанция о согласии', 'Kuitti suostumuksesta'])
      .finish();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
