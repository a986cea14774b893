// "Are you sure?" for an action that cannot be taken back, naming what it acts on. The error,
// if the action fails, is shown inside the dialog, next to the button that caused it.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import { describeError } from '../api/errors.js';
import { Dialog } from './Dialog.js';

export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  busyLabel: string;
  /** Runs the action: null on success (the caller closes the dialog), else the error. */
  onConfirm: () => Promise<ApiError | null>;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    const failure = await props.onConfirm();
    setBusy(false);
    setError(failure);
  };
  return (
    <Dialog title={props.title} onCancel={busy ? null : props.onCancel}>
      <div class="dialog-body">{props.children}</div>
      {error && (
        <p class="notice notice-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button" onClick={props.onCancel} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" class="button button-danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? props.busyLabel : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
