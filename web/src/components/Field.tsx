// A labelled form control with its hint and its error, tied together for screen readers.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (control: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint ? hintId : null, props.error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
      {props.children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(props.error ? { 'aria-invalid': true } : {}) })}
      {props.error && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
