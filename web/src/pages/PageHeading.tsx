// A page's h1, focused when the page opens so that keyboard and screen-reader users start there.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function PageHeading(props: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Keyhold`;
    ref.current?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <div class="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {props.title}
      </h1>
      {props.children}
    </div>
  );
}
