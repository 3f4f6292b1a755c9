// A confirmation for what cannot be taken back (deactivation, erasure): a modal dialog that says
// what happens, focus on its heading when it opens and back on the opener when it closes (or where
// `returnFocus` says, when what it did took the opener away), Escape and Tab kept inside it.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Button } from 'suomifi-ui-components';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  error?: string | null;
  onConfirm(): void;
  onCancel(): void;
  /**
   * Asked when the dialog closes: the element to focus instead of the opener (e.g. the list's
   * heading once the confirmed action removed the opener's row), or null for the opener.
   */
  returnFocus?(): HTMLElement | null | undefined;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel,
  busy,
  error,
  onConfirm,
  onCancel,
  returnFocus,
}: ConfirmDialogProps) {
  const headingId = useId();
  const bodyId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returnFocusRef = useRef(returnFocus);
  useLayoutEffect(() => {
    returnFocusRef.current = returnFocus;
  });
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    headingRef.current?.focus();
    return () => (returnFocusRef.current?.() ?? opener)?.focus?.();
  }, []);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) {
      return;
    }
    // What Tab reaches inside (a dialog may hold fields as well as its buttons); the heading, which
    // takes focus when the dialog opens, counts as before the first of them.
    const tabbable = [
      ...dialogRef.current.querySelectorAll<HTMLElement>(
        'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href]',
      ),
    ];
    const first = tabbable[0];
    const last = tabbable[tabbable.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === headingRef.current)) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      (headingRef.current ?? first)?.focus();
    }
  };
  return (
    <div className="confirm-backdrop">
      <div
        ref={dialogRef}
        className="confirm-dialog panel"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={headingId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
      >
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        <div id={bodyId}>{children}</div>
        {error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <Button variant="default" disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={onCancel}>
            {cancelLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}
