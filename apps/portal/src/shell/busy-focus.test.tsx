import { keepFocusOfBusyButtons } from './busy-focus';

/** What a browser does to a focused button that is disabled (the focus fixup rule; jsdom does not). */
function disable(button: HTMLButtonElement): void {
  button.blur();
  button.disabled = true;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keepFocusOfBusyButtons', () => {
  let stop: () => void;
  let save: HTMLButtonElement;
  let other: HTMLButtonElement;
  beforeEach(() => {
    document.body.innerHTML =
      '<main><section aria-labelledby="profile"><h2 id="profile">Profile</h2><form><button id="save">Save</button></form></section><button id="other">Other</button></main>';
    save = document.getElementById('save') as HTMLButtonElement;
    other = document.getElementById('other') as HTMLButtonElement;
    stop = keepFocusOfBusyButtons(document.body);
  });
  afterEach(() => stop());

  it('gives the focus back to the button when it is enabled again', async () => {
    save.focus();
    disable(save);
    await settle();
    expect(document.activeElement).toBe(document.body);
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(save);
  });

  it('gives the focus to its twin when the form is drawn anew with the saved values', async () => {
    save.focus();
    disable(save);
    await settle();
    const form = save.closest('form') as HTMLFormElement;
    const drawnAnew = document.createElement('form');
    drawnAnew.innerHTML = '<button>Cancel</button><button>Save</button>';
    form.replaceWith(drawnAnew);
    await settle();
    expect(document.activeElement?.textContent).toBe('Save');
    expect(document.activeElement).not.toBe(save);
  });

  it('leaves the focus where it went meanwhile (an error summary, a new page, the user)', async () => {
    save.focus();
    disable(save);
    await settle();
    other.focus();
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(other);
  });

  it('does not take the focus for a button that did not have it', async () => {
    other.focus();
    save.disabled = true;
    await settle();
    other.blur();
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(document.body);
  });

  it('stops when asked', async () => {
    stop();
    save.focus();
    disable(save);
    await settle();
    save.disabled = false;
    await settle();
    expect(document.activeElement).toBe(document.body);
  });
});
