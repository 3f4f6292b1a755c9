// "Load more" under a paged list. The button stays enabled while a page loads (a disabled button
// loses focus to the page's start) and ignores presses meanwhile. When the last page has come the
// button goes away, and focus moves to where it was, so a keyboard user carries on from the list's
// end.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';

export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<{ hasNextPage: boolean }>;
}

export function LoadMore({ query }: { query: PagedQuery }) {
  const { t } = useTranslation();
  const place = useRef<HTMLDivElement>(null);
  return (
    <div className="form-actions" ref={place} tabIndex={-1} data-load-more="">
      {query.hasNextPage && (
        <Button
          variant="secondary"
          aria-busy={query.isFetchingNextPage}
          onClick={() => {
            if (query.isFetchingNextPage) {
              return;
            }
            void query.fetchNextPage().then((result) => {
              if (!result.hasNextPage) {
                place.current?.focus();
              }
            });
          }}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </div>
  );
}
