// The keys as a table; below 640 px wide each row becomes a card (styles.css), its cells
// labelled by data-label.
import type { KeyRow } from '../../api/operations.js';
import { ACCESS_LABELS, formatDate, formatRelative, statusLabel } from '../../app/format.js';
import type { KeyAction } from './key-actions.js';

export function KeysTable(props: {
  keys: readonly KeyRow[];
  actionsFor: (key: KeyRow) => readonly KeyAction[];
  onAction: (action: KeyAction, key: KeyRow) => void;
}) {
  return (
    <table class="keys-table">
      <caption class="visually-hidden">API keys</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Key</th>
          <th scope="col">Access</th>
          <th scope="col">Status</th>
          <th scope="col">Last used</th>
          <th scope="col">Expires</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((key) => (
          <tr key={key.id} data-key-id={key.id}>
            <th scope="row" data-label="Name" class="key-name">
              {key.name}
            </th>
            <td data-label="Key">
              <code>{key.prefix}…</code>
            </td>
            <td data-label="Access">{ACCESS_LABELS[key.access]}</td>
            <td data-label="Status">
              <span class={`badge badge-${key.status.toLowerCase()}`}>{statusLabel(key.status)}</span>
            </td>
            <td data-label="Last used">
              {key.lastUsedAt ? (
                <time dateTime={key.lastUsedAt} title={formatDate(key.lastUsedAt)}>
                  {formatRelative(key.lastUsedAt)}
                </time>
              ) : (
                'Never'
              )}
            </td>
            <td data-label="Expires">{key.expiresAt ? <time dateTime={key.expiresAt}>{formatDate(key.expiresAt)}</time> : 'Never'}</td>
            <td class="row-actions">
              {props.actionsFor(key).map((action) => (
                <button
                  key={action.id}
                  type="button"
                  class="button button-small button-danger-outline"
                  aria-label={`${action.label} ${key.name}`}
                  onClick={() => props.onAction(action, key)}
                >
                  {action.label}
                </button>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
