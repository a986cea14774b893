// An organization's API keys: a table filtered by status, the create-key dialog, and each row's
// actions (revoke, for now) behind a confirmation that names the key.
import { useState } from 'preact/hooks';
import { API_KEYS, type KeyRow } from '../../api/operations.js';
import { KeyStatusValues, type KeyStatus } from '../../api/schema.generated.js';
import { useApi, useQuery } from '../../app/api-context.js';
import { statusLabel } from '../../app/format.js';
import { navigate, paths } from '../../app/router.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { Empty, ErrorNotice, Loading } from '../../components/States.js';
import type { SectionProps } from '../Organization.js';
import { CreateKeyDialog } from './CreateKeyDialog.js';
import { keyActions, type KeyAction } from './key-actions.js';
import { KeysTable } from './KeysTable.js';

const isStatus = (s: string | null): s is KeyStatus => KeyStatusValues.some((v) => v === s);

export function KeysSection({ org, params }: SectionProps) {
  const api = useApi();
  // Revoked keys are asked for too: the filter decides what is shown.
  const [keys, reload] = useQuery(API_KEYS, { orgId: org.id, includeRevoked: true });
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<{ action: KeyAction; key: KeyRow } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : null;
  const canManage = org.role === 'OWNER' || org.role === 'ADMIN';

  const setFilter = (value: string) => navigate(paths.organization(org.id, 'keys', value ? { status: value } : {}));

  return (
    <section aria-labelledby="keys-heading">
      <div class="section-heading">
        <h2 id="keys-heading">API keys</h2>
        {canManage && (
          <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
            Create key
          </button>
        )}
      </div>
      {!canManage && <p class="hint">You can see this organization's keys; only its owners and admins can create or revoke them.</p>}
      <div class="toolbar">
        <label for="status-filter">Status</label>
        <select id="status-filter" value={status ?? ''} onChange={(e) => setFilter(e.currentTarget.value)}>
          <option value="">All</option>
          {KeyStatusValues.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {keys.state === 'loading' && <Loading label="Loading keys…" />}
      {keys.state === 'error' && <ErrorNotice error={keys.error} onRetry={reload} />}
      {keys.state === 'ready' && (
        <KeyList
          keys={keys.data.apiKeys}
          status={status}
          canManage={canManage}
          onAction={(action, key) => setPending({ action, key })}
          onCreate={() => setCreating(true)}
        />
      )}
      {creating && (
        <CreateKeyDialog
          orgId={org.id}
          onClose={(created) => {
            setCreating(false);
            if (created) {
              setAnnouncement(`Key “${created.name}” created.`);
              reload();
            }
          }}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={`${pending.action.label} “${pending.key.name}”?`}
          confirmLabel={`${pending.action.label} key`}
          busyLabel={pending.action.busyLabel}
          onCancel={() => setPending(null)}
          onConfirm={async () => {
            const result = await pending.action.run(api, pending.key);
            if (!result.ok) return result.error;
            setAnnouncement(`Key “${pending.key.name}” ${pending.action.done}.`);
            setPending(null);
            reload();
            return null;
          }}
        >
          {pending.action.confirm(pending.key)}
        </ConfirmDialog>
      )}
    </section>
  );
}

function KeyList(props: {
  keys: readonly KeyRow[];
  status: KeyStatus | null;
  canManage: boolean;
  onAction: (action: KeyAction, key: KeyRow) => void;
  onCreate: () => void;
}) {
  if (props.keys.length === 0) {
    return (
      <Empty title="This organization has no keys yet.">
        {props.canManage ? (
          <button type="button" class="button" onClick={props.onCreate}>
            Create the first key
          </button>
        ) : (
          <p>Ask an owner or admin to create one.</p>
        )}
      </Empty>
    );
  }
  const shown = props.status ? props.keys.filter((k) => k.status === props.status) : props.keys;
  if (shown.length === 0)
    return <Empty title={`No ${statusLabel(props.status ?? '').toLowerCase()} keys.`}>Choose another status above to see the others.</Empty>;
  return <KeysTable keys={shown} actionsFor={(key) => (props.canManage ? keyActions(key) : [])} onAction={props.onAction} />;
}
