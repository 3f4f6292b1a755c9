// One polite live region for page changes and toasts ("Referral sent"), and one for counts.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

interface AnnouncerValue {
  announce(message: string): void;
  /** A short-lived visible message (a toast), also announced. */
  toast(message: string): void;
}

const AnnouncerContext = createContext<AnnouncerValue>({ announce: () => undefined, toast: () => undefined });

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const [toasts, setToasts] = useState<{ id: number; text: string }[]>([]);
  const announce = useCallback((text: string) => {
    // Clearing first makes a repeated message be announced again.
    setMessage('');
    window.setTimeout(() => setMessage(text), 50);
  }, []);
  const toast = useCallback((text: string) => {
    const id = Date.now() + Math.random();
    setToasts((current) => [...current, { id, text }]);
    window.setTimeout(() => setToasts((current) => current.filter((entry) => entry.id !== id)), 8000);
  }, []);
  const value = useMemo(() => ({ announce, toast }), [announce, toast]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-announcer="">
        {message}
      </div>
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((entry) => (
          <p key={entry.id} className="toast">
            {entry.text}
          </p>
        ))}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnouncer(): AnnouncerValue {
  return useContext(AnnouncerContext);
}
