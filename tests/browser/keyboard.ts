// Driving the portal by keyboard only: Tab to a control (as a person would, from where focus
// is), then type, Space, Enter or the arrow keys. Throws when the control cannot be reached.
import type { Locator, Page } from 'playwright-core';

// Functions passed to page.evaluate run in the browser: the little of the DOM they use.
declare const document: {
  activeElement: unknown;
  documentElement: { lang: string };
  querySelector(selector: string): unknown;
};

const isFocused = (locator: Locator) =>
  locator.evaluate((element) => element === document.activeElement).catch(() => false);

export async function tabTo(page: Page, locator: Locator, max = 150): Promise<void> {
  await locator.waitFor({ state: 'attached' });
  for (let i = 0; i < max; i++) {
    if (await isFocused(locator)) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(locator)}`);
}

export async function typeInto(page: Page, locator: Locator, text: string): Promise<void> {
  await tabTo(page, locator);
  await page.keyboard.type(text);
}

export async function press(page: Page, locator: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, locator);
  await page.keyboard.press(key);
}

/** Ticks a checkbox with Space (unless it is ticked already). */
export async function tick(page: Page, checkbox: Locator): Promise<void> {
  await tabTo(page, checkbox);
  if (!(await checkbox.isChecked())) {
    await page.keyboard.press('Space');
  }
}

/** Chooses a radio button: Tab into its group, then the arrow keys (a group is one Tab stop). */
export async function chooseRadio(page: Page, radio: Locator): Promise<void> {
  const name = await radio.getAttribute('name');
  const group = page.locator(`input[type=radio][name="${name}"]`);
  for (let i = 0; i < 150; i++) {
    const focused = await group.evaluateAll((inputs) => inputs.includes(document.activeElement as never));
    if (focused) {
      break;
    }
    await page.keyboard.press('Tab');
  }
  for (let i = 0; i < 30 && !(await radio.isChecked()); i++) {
    await page.keyboard.press('ArrowDown');
  }
  if (!(await radio.isChecked())) {
    throw new Error(`the arrow keys never chose ${String(radio)}`);
  }
}

/** Chooses an option of a native select with the arrow keys. */
export async function chooseOption(page: Page, select: Locator, value: string): Promise<void> {
  await tabTo(page, select);
  const target = await select.evaluate(
    (element, wanted) =>
      [...(element as unknown as { options: { value: string }[] }).options].findIndex(
        (option) => option.value === wanted,
      ),
    value,
  );
  if (target < 0) {
    throw new Error(`no option ${value} in ${String(select)}`);
  }
  for (let i = 0; i < 60; i++) {
    const current = await select.evaluate(
      (element) => (element as unknown as { selectedIndex: number }).selectedIndex,
    );
    if (current === target) {
      return;
    }
    await page.keyboard.press(current < target ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`the arrow keys never chose ${value}`);
}
