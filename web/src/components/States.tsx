// Loading, empty and error states, so that no list is ever silently blank.
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client.js';
import { describeError } from '../api/errors.js';

export function Loading(props: { label: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> {props.label}
    </p>
  );
}

export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{props.title}</p>
      {props.children}
    </div>
  );
}

export function ErrorNotice(props: { error: ApiError; onRetry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{describeError(props.error)}</p>
      {props.onRetry && (
        <button type="button" class="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
