// One organization: its name, your role, and its sections. Each section is a component of its
// own, listed in SECTIONS; members, projects, webhooks, the audit log and usage join the list
// as the API grows.
import type { FunctionComponent } from 'preact';
import { ORGANIZATION, type OrgRow } from '../api/operations.js';
import { useQuery } from '../app/api-context.js';
import { ROLE_LABELS } from '../app/format.js';
import { paths } from '../app/router.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { KeysSection } from './keys/KeysSection.js';
import { PageHeading } from './PageHeading.js';

export interface SectionProps {
  readonly org: OrgRow;
  readonly params: URLSearchParams;
}

interface Section {
  readonly id: string;
  readonly label: string;
  readonly component: FunctionComponent<SectionProps>;
}

const SECTIONS: readonly Section[] = [{ id: 'keys', label: 'API keys', component: KeysSection }];

export function Organization(props: { orgId: string; section: string; params: URLSearchParams }) {
  const [org, reload] = useQuery(ORGANIZATION, { id: props.orgId });
  if (org.state === 'loading') return <Loading label="Loading the organization…" />;
  if (org.state === 'error') return <ErrorNotice error={org.error} onRetry={reload} />;
  const found = org.data.organization;
  if (!found) return <ErrorNotice error={{ code: 'NOT_FOUND', message: '' }} />;

  const section = SECTIONS.find((s) => s.id === props.section);
  const Content = section?.component;
  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href={paths.organizations()}>Organizations</a> <span aria-hidden="true">/</span> <span aria-current="page">{found.name}</span>
      </nav>
      <PageHeading title={found.name}>
        <p class="page-meta">
          Your role: <strong>{ROLE_LABELS[found.role]}</strong> · <code>{found.id}</code>
        </p>
      </PageHeading>
      {SECTIONS.length > 1 && (
        <nav class="tabs" aria-label="Organization sections">
          {SECTIONS.map((s) => (
            <a key={s.id} href={paths.organization(found.id, s.id)} aria-current={s.id === props.section ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
      )}
      {Content ? <Content org={found} params={props.params} /> : <ErrorNotice error={{ code: 'NOT_FOUND', message: '' }} />}
    </>
  );
}
