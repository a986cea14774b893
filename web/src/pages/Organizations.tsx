// The organizations you belong to, and a form that creates one: the `signup` mutation, whose
// answer (the first API key and the webhook secret) is shown once.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import { describeError, fieldError } from '../api/errors.js';
import { ORGANIZATIONS, SIGNUP, type SignupResult } from '../api/operations.js';
import { useApi, useQuery } from '../app/api-context.js';
import { formatDate, ROLE_LABELS } from '../app/format.js';
import { navigate, paths } from '../app/router.js';
import { Dialog } from '../components/Dialog.js';
import { Field } from '../components/Field.js';
import { SavedGate, SecretBox } from '../components/SecretBox.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { PageHeading } from './PageHeading.js';

export function Organizations() {
  const [orgs, reload] = useQuery(ORGANIZATIONS, {});
  const [created, setCreated] = useState<SignupResult | null>(null);

  return (
    <>
      <PageHeading title="Organizations" />
      <section class="card" aria-labelledby="create-org-heading">
        <h2 id="create-org-heading">Create an organization</h2>
        <CreateOrganization
          onCreated={(result) => {
            setCreated(result);
            reload();
          }}
        />
      </section>
      <section aria-labelledby="your-orgs-heading">
        <h2 id="your-orgs-heading">Your organizations</h2>
        {orgs.state === 'loading' && <Loading label="Loading your organizations…" />}
        {orgs.state === 'error' && <ErrorNotice error={orgs.error} onRetry={reload} />}
        {orgs.state === 'ready' && orgs.data.organizations.length === 0 && (
          <Empty title="You are not in any organization yet.">
            <p>Create one above: you become its owner and get its first API key.</p>
          </Empty>
        )}
        {orgs.state === 'ready' && orgs.data.organizations.length > 0 && (
          <ul class="org-list">
            {orgs.data.organizations.map((org) => (
              <li key={org.id} class="org-item">
                <a href={paths.organization(org.id)} class="org-name">
                  {org.name}
                </a>
                <span class="org-meta">
                  {ROLE_LABELS[org.role]} · created {formatDate(org.createdAt)} · <code>{org.id}</code>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {created && (
        <OrganizationCreated
          result={created}
          onDone={() => {
            const orgId = created.orgId;
            setCreated(null);
            navigate(paths.organization(orgId));
          }}
        />
      )}
    </>
  );
}

function CreateOrganization(props: { onCreated: (result: SignupResult) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [blank, setBlank] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBlank(!name.trim());
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    const result = await api.request(SIGNUP, { input: { orgName: name } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setName('');
    props.onCreated(result.data.signup);
  };

  const nameError = blank ? 'Name the organization.' : fieldError(error, { orgName: 'The name' }).orgName;
  return (
    <form class="inline-form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <Field label="Organization name" error={nameError}>
        {(control) => (
          <input {...control} type="text" name="orgName" autocomplete="organization" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        )}
      </Field>
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create organization'}
      </button>
      {error && !nameError && (
        <p class="notice notice-error" role="alert">
          {describeError(error)}
        </p>
      )}
    </form>
  );
}

function OrganizationCreated(props: { result: SignupResult; onDone: () => void }) {
  const { result } = props;
  return (
    <Dialog title="Save your secrets" onCancel={null} wide>
      <div class="dialog-body">
        <p>
          The organization is ready, with its first API key, <strong>{result.apiKey.name}</strong>. This is the only time Keyhold shows these secrets: copy them
          somewhere safe now.
        </p>
        <SecretBox label="API key" value={result.secret} autoFocus />
        <SecretBox label="Webhook signing secret" value={result.webhookSecret} />
      </div>
      <SavedGate what="the API key and the webhook secret" onDone={props.onDone} />
    </Dialog>
  );
}
