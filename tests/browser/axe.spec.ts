// The axe helper every browser test relies on finds what it should: a check that found nothing
// because axe never ran would pass every screen.
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './axe.js';
import { launch } from './partner-support.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

const CLEAN =
  '<!doctype html><html lang="en"><head><title>Clean</title></head><body><main><h1>Fine</h1><p>Text.</p></main></body></html>';

describe('axeViolations', () => {
  it('reports nothing on a page without violations', async () => {
    await page.setContent(CLEAN);
    expect(await axeViolations(page, 'clean')).toEqual([]);
  });

  it('names each WCAG violation with the screen and the offending element', async () => {
    await page.setContent(
      '<!doctype html><html><head><title>Broken</title></head><body><main>' +
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<button></button>' +
        '<p style="color:#bbb;background:#fff">Faint text</p>' +
        '</main></body></html>',
    );
    const findings = await axeViolations(page, 'broken');
    expect(findings.map((finding) => finding.id).sort()).toEqual(
      ['button-name', 'color-contrast', 'html-has-lang', 'image-alt'].sort(),
    );
    expect(findings.every((finding) => finding.screen === 'broken')).toBe(true);
    expect(findings.find((finding) => finding.id === 'image-alt')?.nodes[0]).toMatch(/^img <img src=/);
  });

  it('checks the page as it is now, also after it changed without a new load', async () => {
    await page.setContent(CLEAN);
    expect(await axeViolations(page, 'before')).toEqual([]);
    // As a single-page app changes screens: axe is already there and must look again.
    await page.evaluate(() => {
      const { document } = globalThis as unknown as {
        document: {
          querySelector(selector: string): { insertAdjacentHTML(where: string, html: string): void };
        };
      };
      document.querySelector('main').insertAdjacentHTML('beforeend', '<button></button>');
    });
    expect((await axeViolations(page, 'after')).map((finding) => finding.id)).toEqual(['button-name']);
  });

  it('leaves out best practices outside WCAG 2.1 AA', async () => {
    // Two h1 headings and no landmark break best-practice rules only.
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>T</title></head><body><h1>One</h1><h1>Two</h1></body></html>',
    );
    expect(await axeViolations(page, 'best practice')).toEqual([]);
  });
});
