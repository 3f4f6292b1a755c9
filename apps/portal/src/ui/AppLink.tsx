// The router's Link without its `data-status="active"`: in this portal `data-status` belongs to
// status badges only (portal.md's contract). The active link keeps aria-current="page".
import { createLink } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type AnchorProps = AnchorHTMLAttributes<HTMLAnchorElement> & { 'data-status'?: string };

const Anchor = forwardRef<HTMLAnchorElement, AnchorProps>(function Anchor(props, ref) {
  const { 'data-status': status, ...rest } = props;
  return <a ref={ref} {...rest} data-active={status === 'active' ? 'true' : undefined} />;
});

export const AppLink = createLink(Anchor);
