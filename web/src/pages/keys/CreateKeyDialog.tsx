// Create a key: name, access, expiry and rate limit; then its secret, shown once, with a copy
// button and "I have saved the secret". The secret exists only in this dialog's state, and goes
// when it closes.
import { useContext, useState } from 'preact/hooks';
import type { ApiError } from '../../api/client.js';
import { describeError, fieldError } from '../../api/errors.js';
import { MINT_KEY, type KeyRow, type MintResult } from '../../api/operations.js';
import type { KeyAccess } from '../../api/schema.generated.js';
import { useApi } from '../../app/api-context.js';
import { ConfigContext } from '../../app/config-context.js';
import { ACCESS_LABELS, formatDate } from '../../app/format.js';
import { Dialog } from '../../components/Dialog.js';
import { Field } from '../../components/Field.js';
import { SavedGate, SecretBox } from '../../components/SecretBox.js';

const DAY_MS = 24 * 3600 * 1000;
const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
  { value: 'custom', label: 'On a date…' },
] as const;

const LABELS = { name: 'The name', expiresAt: 'The expiry', rateLimitPerMinute: 'The rate limit' };

export function CreateKeyDialog(props: { orgId: string; onClose: (created: KeyRow | null) => void }) {
  const [minted, setMinted] = useState<MintResult | null>(null);
  const [busy, setBusy] = useState(false);
  // Once the secret is shown, only "I have saved the secret" closes the dialog.
  const onCancel = minted || busy ? null : () => props.onClose(null);
  return (
    <Dialog title={minted ? 'Save your API key' : 'Create an API key'} onCancel={onCancel} wide={Boolean(minted)}>
      {minted ? (
        <MintedKey minted={minted} onDone={() => props.onClose(minted.apiKey)} />
      ) : (
        <CreateKeyForm orgId={props.orgId} onCancel={() => props.onClose(null)} onBusy={setBusy} onMinted={setMinted} />
      )}
    </Dialog>
  );
}

function MintedKey({ minted, onDone }: { minted: MintResult; onDone: () => void }) {
  return (
    <>
      <div class="dialog-body">
        <p>
          This is the only time Keyhold shows the key <strong>{minted.apiKey.name}</strong>: it keeps only its hash. Copy it somewhere safe now.
        </p>
        <SecretBox label="API key" value={minted.secret} autoFocus />
        <dl class="facts">
          <dt>Access</dt>
          <dd>{ACCESS_LABELS[minted.apiKey.access]}</dd>
          <dt>Expires</dt>
          <dd>{minted.apiKey.expiresAt ? formatDate(minted.apiKey.expiresAt) : 'Never'}</dd>
          <dt>Rate limit</dt>
          <dd>{minted.apiKey.rateLimitPerMinute} requests a minute</dd>
        </dl>
      </div>
      <SavedGate what="the secret" onDone={onDone} />
    </>
  );
}

function CreateKeyForm(props: { orgId: string; onCancel: () => void; onBusy: (busy: boolean) => void; onMinted: (result: MintResult) => void }) {
  const api = useApi();
  const config = useContext(ConfigContext);
  const [name, setName] = useState('');
  const [access, setAccess] = useState<KeyAccess>('FULL_ACCESS');
  const [expiry, setExpiry] = useState<string>('never');
  const [expiresOn, setExpiresOn] = useState('');
  const [rateLimit, setRateLimit] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Name the key, for example after the service that will use it.';
    if (expiry === 'custom' && !expiresOn) problems.expiresAt = 'Choose the date and time the key stops working.';
    if (rateLimit && !/^\d+$/.test(rateLimit.trim())) problems.rateLimitPerMinute = 'The rate limit must be a whole number of requests per minute.';
    setLocal(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;

    const expiresAt =
      expiry === 'never' ? null : expiry === 'custom' ? new Date(expiresOn).toISOString() : new Date(Date.now() + Number(expiry) * DAY_MS).toISOString();
    setBusy(true);
    props.onBusy(true);
    const result = await api.request(MINT_KEY, {
      input: { orgId: props.orgId, name, access, expiresAt, rateLimitPerMinute: rateLimit ? Number(rateLimit) : null },
    });
    setBusy(false);
    props.onBusy(false);
    if (result.ok) props.onMinted(result.data.mintKey);
    else setError(result.error);
  };

  const errors = { ...fieldError(error, LABELS), ...local };
  const formError = error && Object.keys(fieldError(error, LABELS)).length === 0 ? describeError(error) : null;
  const defaultLimit = config?.defaultRateLimit[access];

  return (
    <form class="dialog-body" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <Field label="Name" hint="Who or what will use it, e.g. “Billing service”." error={errors.name}>
        {(control) => <input {...control} type="text" name="name" autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <fieldset class="field">
        <legend>Access</legend>
        <label class="choice">
          <input type="radio" name="access" value="FULL_ACCESS" checked={access === 'FULL_ACCESS'} onChange={() => setAccess('FULL_ACCESS')} />
          <span>
            <strong>Full access</strong> — any method
          </span>
        </label>
        <label class="choice">
          <input type="radio" name="access" value="READ_ONLY" checked={access === 'READ_ONLY'} onChange={() => setAccess('READ_ONLY')} />
          <span>
            <strong>Read-only</strong> — GET, HEAD and OPTIONS only
          </span>
        </label>
      </fieldset>
      <Field label="Expires" error={expiry === 'custom' ? undefined : errors.expiresAt}>
        {(control) => (
          <select {...control} name="expiry" value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {expiry === 'custom' && (
        <Field label="Expiry date and time" hint="In your local time." error={errors.expiresAt}>
          {(control) => <input {...control} type="datetime-local" name="expiresAt" value={expiresOn} onInput={(e) => setExpiresOn(e.currentTarget.value)} />}
        </Field>
      )}
      <Field
        label="Rate limit (requests per minute)"
        hint={
          defaultLimit
            ? `Leave empty for the default: ${defaultLimit} a minute for ${ACCESS_LABELS[access].toLowerCase()} keys.`
            : 'Leave empty for the default.'
        }
        error={errors.rateLimitPerMinute}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            name="rateLimitPerMinute"
            autocomplete="off"
            value={rateLimit}
            onInput={(e) => setRateLimit(e.currentTarget.value)}
          />
        )}
      </Field>
      {formError && (
        <p class="notice notice-error" role="alert">
          {formError}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
