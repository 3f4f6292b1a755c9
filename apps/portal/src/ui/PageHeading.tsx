// The page's h1: the target of focus after navigation (tabIndex -1) and the document title.
import { useEffect, type ReactNode } from 'react';

export function PageHeading({ children, title }: { children: ReactNode; title?: string }) {
  const text = title ?? (typeof children === 'string' ? children : undefined);
  useEffect(() => {
    if (text) {
      document.title = `${text} – MONI`;
    }
  }, [text]);
  return (
    <h1 className="page-heading" tabIndex={-1} data-page-heading="">
      {children}
    </h1>
  );
}
