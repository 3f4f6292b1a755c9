export * from './i18n.js';
export * from './pdf.js';
export * from './html.js';
export * from './escape-html.js';
