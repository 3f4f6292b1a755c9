import { escapeHtml } from './escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves other text as it is, including non-Latin scripts', () => {
    expect(escapeHtml('Hyvää päivää · مرحبا · Привет')).toBe('Hyvää päivää · مرحبا · Привет');
  });

  it('escapes an ampersand once, so an entity in the input is shown, not interpreted', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});
