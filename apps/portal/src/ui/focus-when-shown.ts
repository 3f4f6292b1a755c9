// Focus for what appears in answer to the user's own action (a refusal's explanation, a warning
// asking for a choice): the button they pressed may be disabled meanwhile, and a disabled button
// drops the focus to the page's body, which loses a keyboard user's place.
import { useEffect, useRef } from 'react';

/**
 * A ref whose element gets focus each time `shown` turns true (and when it mounts shown). Give the
 * element tabIndex -1 unless it is focusable itself.
 */
export function useFocusWhenShown<T extends HTMLElement>(shown: boolean): React.RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) {
      ref.current?.focus();
    }
  }, [shown]);
  return ref;
}
