import { act, fireEvent, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { renderInPortal, screen } from '../../test/render';
import { LoadMore } from './LoadMore';

/** A list with `pages` pages, one shown: each load adds one. */
function PagedList({ pages }: { pages: number }) {
  const [loaded, setLoaded] = useState(1);
  const query = {
    hasNextPage: loaded < pages,
    isFetchingNextPage: false,
    fetchNextPage: () => {
      const next = loaded + 1;
      setLoaded(next);
      return Promise.resolve({ hasNextPage: next < pages });
    },
  };
  return (
    <>
      <p>{`${loaded} of ${pages} pages`}</p>
      <LoadMore query={query} />
      <a href="#after">after the list</a>
    </>
  );
}

describe('LoadMore', () => {
  it('keeps focus on the button while more pages remain, and where it was once the last has come', async () => {
    await renderInPortal(<PagedList pages={3} />, 'en');
    const button = screen.getByRole('button', { name: 'Load more' });
    button.focus();
    await act(async () => {
      fireEvent.click(button);
      await Promise.resolve();
    });
    expect(screen.getByText('2 of 3 pages')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Load more' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
      await Promise.resolve();
    });
    expect(screen.getByText('3 of 3 pages')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(document.querySelector('[data-load-more]')));
  });

  it('stays enabled while a page loads, so focus stays on it, and ignores presses meanwhile', async () => {
    const fetchNextPage = jest.fn(() => Promise.resolve({ hasNextPage: true }));
    await renderInPortal(
      <LoadMore query={{ hasNextPage: true, isFetchingNextPage: true, fetchNextPage }} />,
      'en',
    );
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Load more' });
    expect(button.disabled).toBe(false);
    expect(button.getAttribute('aria-busy')).toBe('true');
    fireEvent.click(button);
    expect(fetchNextPage).not.toHaveBeenCalled();
  });
});
