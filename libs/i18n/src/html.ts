// Printable HTML pages for clients: the language and direction on the root element, so that a
// browser lays Arabic out right to left, and one small print-friendly stylesheet.
import { escapeHtml } from './escape-html.js';
import { textDirection } from './i18n.js';

const STYLE = `
  body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; max-width: 42rem; margin: 2rem auto;
         padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: bold; } dd { margin: 0; }
  .note { border-inline-start: 4px solid #b45309; padding-inline-start: .75rem; }
  .muted { color: #555; font-size: .9rem; }
  @media print { body { margin: 0; } }
`;

/** A complete page; `body` must already be escaped HTML. */
export function htmlPage(options: { language: string; title: string; body: string }): string {
  const dir = textDirection(options.language);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(options.language)}" dir="${dir}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${STYLE}</style></head>`,
    `<body>${options.body}</body></html>`,
  ].join('\n');
}
