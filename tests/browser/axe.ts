// axe-core with the WCAG 2.1 AA tags, for every browser test. axe is injected once per page load
// and run in the page: @axe-core/playwright's AxeBuilder injected its 1.5 MB source again on every
// analysis and took about 1.2 s of its 1.4 s doing so (axe.run itself: ~0.25 s per screen here).
// The portal has no iframes, so running axe in the top document alone checks everything.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  screen: string;
  id: string;
  nodes: string[];
}

interface AxeViolation {
  id: string;
  nodes: { target: unknown[]; html: string }[];
}

/** The WCAG 2.1 AA violations on the page as it is now, labelled with the screen. */
export async function axeViolations(page: Page, label: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(async (tags) => {
    // In the browser: its window's axe and document (this project's types have no DOM).
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map(({ id, nodes }) => ({
      id,
      nodes: nodes.map(({ target, html }) => ({ target, html })),
    }));
  }, WCAG);
  return violations.map((violation) => ({
    screen: label,
    id: violation.id,
    nodes: violation.nodes.slice(0, 3).map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)}`),
  }));
}

export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page, label)).toEqual([]);
}
