import { useEffect, useState } from 'react';
import type { CampaignCounts, CampaignDetail, RecipientStatus, TemplateView } from '@switchboard/shared';
import { api, ApiError } from '../../api/client';
import { navigate } from '../../app/router';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { Segmented } from '../../ui/Segmented';
import { useAction } from '../../ui/use-action';
import { usePolled } from '../runs/use-polled';
import { absoluteTime, relativeTime } from '../runs/time-format';
import { campaignRequest, csvRecipients, EMPTY_FORM, validateCampaignForm, type CampaignForm } from './campaign-form';
import './campaigns.css';

const LIVE_POLL_MS = 2_000;
const IDLE_POLL_MS = 15_000;
const RECIPIENT_FILTERS: Array<RecipientStatus | ''> = ['', 'pending', 'started', 'sent', 'delivered', 'read', 'failed', 'skipped_opted_out', 'cancelled'];

/** Broadcasts: the list with progress, the new-campaign form, one campaign's live progress and recipients. */
export function CampaignsPage({ campaignId }: { campaignId?: string }) {
  const [creating, setCreating] = useState(false);
  if (campaignId) return <CampaignDetailView id={campaignId} />;
  return (
    <div className="page-content campaigns-page">
      <header className="page-header">
        <div>
          <h1>Campaigns</h1>
          <p className="muted">Send one approved template to a list or a segment of your contacts, now or at a time in their time zone, paced under the sender’s limits. Each recipient’s send is a run of the campaign’s flow, so you can add a follow-up after it.</p>
        </div>
        {!creating ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New campaign
          </Button>
        ) : null}
      </header>
      {creating ? <NewCampaign onClose={() => setCreating(false)} /> : null}
      <CampaignList />
    </div>
  );
}

function CampaignList() {
  const list = usePolled(() => api.get('/api/campaigns'), [], (data) => (data?.campaigns.some((campaign) => campaign.status === 'running') ? LIVE_POLL_MS : IDLE_POLL_MS));
  const campaigns = list.data?.campaigns ?? [];
  if (list.loading) return <Loading label="Loading campaigns…" />;
  if (list.error && !list.data) return <ErrorState message={list.error} onRetry={list.reload} />;
  if (campaigns.length === 0) return <EmptyState title="No campaigns yet">Create one to broadcast a template to your contacts.</EmptyState>;
  return (
    <table className="table campaigns-table">
      <caption className="visually-hidden">Campaigns, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Progress</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((campaign) => (
          <tr key={campaign.id}>
            <td>
              <a href={`#/campaigns/${encodeURIComponent(campaign.id)}`}>{campaign.name}</a>
            </td>
            <td>
              <span className={`campaign-status campaign-status-${campaign.status}`}>{campaign.status}</span>
            </td>
            <td>
              <Progress counts={campaign.counts} />
            </td>
            <td title={absoluteTime(campaign.createdAt)}>{relativeTime(campaign.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How far a campaign got: the share of recipients past `pending`, and the funnel in words. */
function Progress({ counts }: { counts: CampaignCounts }) {
  const done = counts.total - counts.pending;
  const share = counts.total === 0 ? 0 : Math.round((done / counts.total) * 100);
  return (
    <div className="campaign-progress">
      <progress max={counts.total || 1} value={done} aria-label={`${share}% processed`} />
      <span className="muted">
        {counts.sent + counts.delivered + counts.read} sent · {counts.delivered + counts.read} delivered · {counts.read} read · {counts.failed} failed · {counts.skippedOptedOut} opted out
      </span>
    </div>
  );
}

function CampaignDetailView({ id }: { id: string }) {
  const [filter, setFilter] = useState<RecipientStatus | ''>('');
  const detail = usePolled(
    () => api.get(`/api/campaigns/${encodeURIComponent(id)}${filter ? `?recipients=${filter}` : ''}`),
    [id, filter],
    (data) => (data && (data.status === 'running' || data.status === 'scheduled') ? LIVE_POLL_MS : IDLE_POLL_MS),
  );
  const action = useAction();
  const change = (verb: 'pause' | 'resume' | 'cancel') =>
    void action.run(async () => {
      await api.post(`/api/campaigns/${encodeURIComponent(id)}/${verb}`);
      detail.reload();
    });
  if (detail.loading) return <Loading label="Loading the campaign…" />;
  if (detail.error && !detail.data) return <ErrorState message={detail.error} onRetry={detail.reload} />;
  const campaign = detail.data as CampaignDetail;
  const counts = campaign.counts;
  return (
    <div className="page-content campaigns-page">
      <header className="page-header">
        <div>
          <a href="#/campaigns">← Campaigns</a>
          <h1>{campaign.name}</h1>
          <p className="muted">
            <span className={`campaign-status campaign-status-${campaign.status}`}>{campaign.status}</span> · template <code>{campaign.template}</code> ({campaign.language})
            {campaign.sendAt ? ` · sends from ${absoluteTime(campaign.sendAt)}${campaign.timeZone === 'contact' ? ' in each contact’s time zone' : ''}` : ''} ·{' '}
            <a href={`#/flows/${encodeURIComponent(campaign.flowId)}`}>its flow</a>
          </p>
        </div>
        <div className="campaign-actions">
          {campaign.status === 'running' || campaign.status === 'scheduled' ? (
            <Button busy={action.busy} onClick={() => change('pause')}>
              Pause
            </Button>
          ) : null}
          {campaign.status === 'paused' ? (
            <Button variant="primary" busy={action.busy} onClick={() => change('resume')}>
              Resume
            </Button>
          ) : null}
          {['draft', 'scheduled', 'running', 'paused'].includes(campaign.status) ? (
            <Button variant="danger" busy={action.busy} onClick={() => change('cancel')}>
              Cancel
            </Button>
          ) : null}
        </div>
      </header>
      <FormError message={action.error} />
      <Progress counts={counts} />
      <dl className="campaign-counts">
        {(Object.keys(counts) as Array<keyof CampaignCounts>).map((key) => (
          <div key={key}>
            <dt>{key === 'skippedOptedOut' ? 'opted out' : key}</dt>
            <dd>{counts[key]}</dd>
          </div>
        ))}
      </dl>
      <label className="campaign-filter">
        Recipients{' '}
        <select value={filter} onChange={(event) => setFilter(event.target.value as RecipientStatus | '')}>
          {RECIPIENT_FILTERS.map((status) => (
            <option key={status} value={status}>
              {status === '' ? 'all' : status.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </label>
      {campaign.recipients.length === 0 ? (
        <EmptyState title="No recipients with this status" />
      ) : (
        <table className="table campaigns-table">
          <caption className="visually-hidden">Recipients</caption>
          <thead>
            <tr>
              <th scope="col">Phone</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Error</th>
              <th scope="col">Run</th>
            </tr>
          </thead>
          <tbody>
            {campaign.recipients.map((recipient) => (
              <tr key={recipient.phone}>
                <td>{recipient.phone}</td>
                <td>{recipient.name ?? ''}</td>
                <td>{recipient.status.replace(/_/g, ' ')}</td>
                <td>{recipient.errorCode ? <code>{recipient.errorCode}</code> : ''}</td>
                <td>{recipient.runId ? <a href={`#/runs/${encodeURIComponent(recipient.runId)}`}>view</a> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {campaign.nextCursor ? <p className="muted">Showing the first {campaign.recipients.length}; filter by status to see others.</p> : null}
    </div>
  );
}

function NewCampaign({ onClose }: { onClose: () => void }) {
  const [form, setForm] = useState<CampaignForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [templates, setTemplates] = useState<TemplateView[]>([]);
  const senders = usePolled(() => api.get('/api/connections'), [], () => null);
  const action = useAction();
  const set = (change: Partial<CampaignForm>) => setForm((current) => ({ ...current, ...change }));
  const whatsapp = (senders.data?.connections ?? []).filter((connection) => connection.provider.startsWith('whatsapp.'));

  useEffect(() => {
    if (!form.connectionId) return;
    let cancelled = false;
    api.get(`/api/connections/${encodeURIComponent(form.connectionId)}/templates`).then(
      (answer) => !cancelled && setTemplates(answer.templates),
      () => !cancelled && setTemplates([]),
    );
    return () => {
      cancelled = true;
    };
  }, [form.connectionId]);

  const chooseTemplate = (key: string) => {
    const template = templates.find((candidate) => `${candidate.name}|${candidate.language}` === key);
    set({ template: template?.name ?? '', language: template?.language ?? 'en', templateParameters: template?.parameters ?? [], parameterFormat: template?.parameterFormat ?? 'positional', parameters: {} });
  };

  const submit = () => {
    const found = validateCampaignForm(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    void action.run(async () => {
      try {
        const created = await api.post('/api/campaigns', campaignRequest(form));
        navigate({ page: 'campaigns', campaignId: created.id });
      } catch (error) {
        // The engine names the field (a CSV row by its line): show it by the field it belongs to.
        if (error instanceof ApiError && Array.isArray(error.details)) {
          setProblems(Object.fromEntries((error.details as Array<{ field?: string; message: string }>).map((detail) => [detail.field?.startsWith('audience.csv') ? 'csv' : (detail.field ?? 'form'), `${detail.field ?? ''}: ${detail.message}`])));
          return;
        }
        throw error;
      }
    });
  };

  const problem = (field: string) => (problems[field] ? <span className="field-error">{problems[field]}</span> : null);
  return (
    <form className="campaign-form" onSubmit={(event) => (event.preventDefault(), submit())} noValidate>
      <h2>New campaign</h2>
      <label>
        Name <input value={form.name} onChange={(event) => set({ name: event.target.value })} placeholder="November offer" />
        {problem('name')}
      </label>
      <label>
        Sender{' '}
        <select value={form.connectionId} onChange={(event) => set({ connectionId: event.target.value, template: '', templateParameters: [], parameters: {} })}>
          <option value="">Choose a WhatsApp sender</option>
          {whatsapp.map((connection) => (
            <option key={connection.id} value={connection.id}>
              {connection.name}
            </option>
          ))}
        </select>
        {problem('connectionId')}
      </label>
      <label>
        Approved template{' '}
        <select value={form.template ? `${form.template}|${form.language}` : ''} onChange={(event) => chooseTemplate(event.target.value)} disabled={!form.connectionId}>
          <option value="">Choose a template</option>
          {templates.map((template) => (
            <option key={`${template.name}|${template.language}`} value={`${template.name}|${template.language}`}>
              {template.name} ({template.language}
              {template.category ? `, ${template.category.toLowerCase()}` : ''})
            </option>
          ))}
        </select>
        {problem('template')}
      </label>
      {form.templateParameters.map((key) => (
        <label key={key}>
          {`{{${key}}}`}{' '}
          <input value={form.parameters[key] ?? ''} placeholder="{{contact.name}}" onChange={(event) => set({ parameters: { ...form.parameters, [key]: event.target.value } })} />
          {problem(`parameters.${key}`)}
        </label>
      ))}
      <fieldset>
        <legend>Audience</legend>
        <Segmented
          label="Audience"
          name="campaign-audience"
          value={form.audience}
          options={[
            { value: 'csv', label: 'A CSV (phone, name, tags, attributes)' },
            { value: 'segment', label: 'Contacts by tags and attributes' },
          ]}
          onChange={(audience) => set({ audience })}
        />
        {form.audience === 'csv' ? (
          <>
            <input type="file" accept=".csv,text/csv" aria-label="Upload a CSV" onChange={(event) => void event.target.files?.[0]?.text().then((csv) => set({ csv }))} />
            <textarea rows={6} value={form.csv} onChange={(event) => set({ csv: event.target.value })} placeholder={'phone,name,city\n+4915112345678,Anna,Berlin'} aria-label="CSV" />
            <span className="muted">{csvRecipients(form.csv)} recipient(s)</span>
            {problem('csv')}
          </>
        ) : (
          <>
            <label>
              Tags (all of them) <input value={form.tags} onChange={(event) => set({ tags: event.target.value })} placeholder="vip, newsletter" />
              {problem('tags')}
            </label>
            <label>
              Attributes (one name=value a line) <textarea rows={3} value={form.attributes} onChange={(event) => set({ attributes: event.target.value })} placeholder="city=Berlin" />
              {problem('attributes')}
            </label>
            {problem('segment')}
            {problem('audience.segment')}
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>When</legend>
        <Segmented
          label="When"
          name="campaign-when"
          value={form.when}
          options={[
            { value: 'now', label: 'Now' },
            { value: 'later', label: 'At a time' },
          ]}
          onChange={(when) => set({ when })}
        />
        {form.when === 'later' ? (
          <>
            <input type="datetime-local" value={form.sendAt} onChange={(event) => set({ sendAt: event.target.value })} aria-label="Send at" />
            <select value={form.timeZone} onChange={(event) => set({ timeZone: event.target.value })} aria-label="Time zone">
              <option value="contact">each contact’s time zone (their timezone attribute)</option>
              {Intl.supportedValuesOf('timeZone').map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
            {problem('sendAt')}
            {problem('timeZone')}
          </>
        ) : null}
      </fieldset>
      {problem('form')}
      {problem('parameters')}
      <FormError message={action.error} />
      <div className="campaign-actions">
        <Button variant="primary" busy={action.busy} onClick={submit}>
          Create campaign
        </Button>
        <Button onClick={onClose}>Close</Button>
      </div>
    </form>
  );
}

