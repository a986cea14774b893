// A modal built on the native <dialog>: focus moves in and is kept there, Escape cancels (when
// the dialog allows it), and focus returns to what opened it.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export function Dialog(props: {
  title: string;
  /** Escape, or the Cancel button of the caller; null while the dialog may not be dismissed. */
  onCancel: (() => void) | null;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCancel = useRef(props.onCancel);
  onCancel.current = props.onCancel;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCancel.current?.();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} class={props.wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={titleId}>
      <h2 id={titleId} class="dialog-title">
        {props.title}
      </h2>
      {props.children}
    </dialog>
  );
}
