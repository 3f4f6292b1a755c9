// A table that may be wider than the screen (a phone is 360–390 px) scrolls sideways in its own
// box instead of widening the page past its panel. While it overflows, the box is a named region
// in the tab order, so that the keyboard can scroll it too; otherwise it adds no tab stop.
import { useEffect, useRef, useState, type ReactNode } from 'react';

function useOverflows(ref: React.RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') {
      return;
    }
    const measure = () => setOverflows(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) {
      observer.observe(element.firstElementChild);
    }
    measure();
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const overflows = useOverflows(ref);
  const region = overflows ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {};
  return (
    <div ref={ref} className="table-scroll" {...region}>
      {children}
    </div>
  );
}
