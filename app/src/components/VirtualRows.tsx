// A long-list-friendly body: fixed-height rows, only the visible ones (plus a margin) are in the DOM.
// `scrollTo` brings a row into view (used when a relocation opens an instruction).
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  row: (index: number) => ReactNode;
  /** Index to scroll into view (centred) whenever it changes. */
  scrollTo?: number | null;
  header?: ReactNode;
  className?: string;
  testId?: string;
}

const OVERSCAN = 12;

export function VirtualRows({ count, rowHeight, row, scrollTo, header, className, testId }: VirtualRowsProps) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el || scrollTo === null || scrollTo === undefined) return;
    el.scrollTop = Math.max(0, scrollTo * rowHeight - el.clientHeight / 2 + rowHeight);
  }, [scrollTo, rowHeight]);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(row(i));

  return (
    <div className={`vrows ${className ?? ''}`} ref={box} data-testid={testId}>
      {header}
      <div className="vrows__space" style={{ height: count * rowHeight }}>
        <div className="vrows__window" style={{ transform: `translateY(${first * rowHeight}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
