// A secret shown once: its text, a copy button and what the copy did. It lives only in the
// component that shows it; nothing here writes it to the URL or to storage.
import { useEffect, useId, useRef, useState } from 'preact/hooks';

export function SecretBox(props: { label: string; value: string; autoFocus?: boolean }) {
  const id = useId();
  const code = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.autoFocus) button.current?.focus();
  }, []);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopy('copied');
    } catch {
      // No clipboard access (an http page off localhost, or refused): select it for Ctrl+C.
      const range = document.createRange();
      if (code.current) range.selectNodeContents(code.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopy('failed');
    }
  };

  return (
    <div class="secret">
      <p class="secret-label" id={`${id}-label`}>
        {props.label}
      </p>
      <div class="secret-row">
        <code ref={code} class="secret-value" aria-labelledby={`${id}-label`} data-secret>
          {props.value}
        </code>
        <button
          ref={button}
          type="button"
          class="button"
          onClick={() => void onCopy()}
          aria-label={`Copy the ${props.label.replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase())}`}
        >
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p class="secret-status" role="status">
        {copy === 'copied' ? 'Copied to the clipboard.' : copy === 'failed' ? 'Copying is not allowed here: the text is selected, press Ctrl+C.' : ''}
      </p>
    </div>
  );
}

/** The "I have saved it" gate below one or more secrets; `Done` waits for the tick. */
export function SavedGate(props: { what: string; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const id = useId();
  return (
    <div class="saved-gate">
      <div class="check">
        <input id={id} type="checkbox" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
        <label for={id}>I have saved {props.what}</label>
      </div>
      <div class="actions">
        <button type="button" class="button button-primary" disabled={!saved} onClick={props.onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
