// A button disabled while its request runs ("Save" → busy → "Save") drops the keyboard's focus to
// the page's body, and it does not come back when the button is enabled again: a keyboard or
// screen-reader user is lost at the top of the page after every save. The portal's buttons are
// disabled while busy in many places, so the shell keeps their focus in one place: the focused
// button that is disabled gets the focus back when it is enabled again, or its twin does when the
// form was drawn anew with the saved values (the same text in the same labelled panel), unless the
// focus has gone somewhere meanwhile (an error summary, a new page's heading, the user's own Tab).
import { useEffect } from 'react';

interface Waiting {
  button: HTMLButtonElement;
  text: string;
  /** The labelled panel or dialog around it (its `aria-labelledby`), which a form drawn anew keeps. */
  panel: string | null;
}

function nowhere(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

function panelOf(button: HTMLButtonElement): string | null {
  return button.closest('[aria-labelledby]')?.getAttribute('aria-labelledby') ?? null;
}

/** The button to give the focus back to, once it can take it. */
function returning({ button, text, panel }: Waiting): HTMLButtonElement | null {
  if (button.isConnected) {
    return button.disabled ? null : button;
  }
  const scope = [...document.querySelectorAll('[aria-labelledby]')].find(
    (element) => panel !== null && element.getAttribute('aria-labelledby') === panel,
  );
  const twins = scope ? [...scope.querySelectorAll('button')] : [];
  return twins.find((twin) => !twin.disabled && twin.textContent === text) ?? null;
}

/** Starts keeping the focus of busy buttons under `root`; returns the function that stops it. */
export function keepFocusOfBusyButtons(root: Node): () => void {
  let focused: Element | null = null;
  let waiting: Waiting | null = null;
  const onFocusIn = (event: Event) => {
    focused = event.target as Element;
    if (focused !== waiting?.button) {
      waiting = null;
    }
  };
  const observer = new MutationObserver((mutations) => {
    for (const { target } of mutations) {
      if (target instanceof HTMLButtonElement && target.disabled && target === focused) {
        waiting = { button: target, text: target.textContent ?? '', panel: panelOf(target) };
      }
    }
    const button = waiting && nowhere() ? returning(waiting) : null;
    if (button) {
      waiting = null;
      button.focus();
    }
  });
  root.addEventListener('focusin', onFocusIn);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  return () => {
    observer.disconnect();
    root.removeEventListener('focusin', onFocusIn);
  };
}

export function useKeepFocusOfBusyButtons(): void {
  useEffect(() => keepFocusOfBusyButtons(document.body), []);
}
