// Jobs: every connection's recent jobs, newest first, filtered by state, data type and kind; each opens to its history
// as a timeline, its counts, its error and its plan.

import { all, get } from '../api.js';
import { announce, badge, DATA_TYPES, every, exactTime, fill, fillIfChanged, h, select, typeName, when } from '../dom.js';
import { counts, isFinished, planView } from './connections.js';

const POLL_MS = 3000;
const PER_CONNECTION = 50;
const STATES = ['QUEUED', 'IN_PROGRESS', 'RETRYING', 'DEFERRED', 'SUCCEEDED', 'FAILED', 'MOVED_TO_DLQ', 'CANCELLED'];
const KINDS = { sync: 'Sync', 'dry-run': 'Dry run', backfill: 'Backfill' };

export function kindOf(job) {
  return job.dryRun ? 'dry-run' : job.path === 'cold' ? 'backfill' : 'sync';
}

export function mount(main, params) {
  const filters = {
    connection: params.get('connection') || '', state: params.get('state') || '', type: params.get('type') || '', kind: params.get('kind') || ''
  };
  const list = h('div', { class: 'list', id: 'jobs', 'aria-busy': 'true' });
  const bar = h('form', { class: 'filters', role: 'search', onsubmit: event => event.preventDefault() });
  fill(main, h('h1', {}, 'Jobs'), bar, list);
  const model = { connections: [], jobs: [], open: new Set() };
  const render = () => renderList(list, model, filters);
  const onFilter = (name, value) => {
    filters[name] = value;
    fillIfChanged(list, [model.jobs, filters], render);
  };
  const refresh = async () => {
    model.connections = await all('/connections');
    const perConnection = await Promise.all(model.connections.filter(c => !filters.connection || c.id === filters.connection)
      .map(c => get('/connections/' + c.id + '/jobs?limit=' + PER_CONNECTION)));
    model.jobs = perConnection.flat().sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
    fillIfChanged(bar, model.connections.map(c => c.id), () => fill(bar,
      labelled('Connection', select([{ value: '', label: 'All connections' }].concat(model.connections.map(c => ({
        value: c.id, label: c.source + ' → ' + c.destination }))), filters.connection, {
        id: 'filter-connection', onchange: event => { filters.connection = event.target.value; refresh(); } })),
      labelled('State', select([{ value: '', label: 'Any state' }].concat(STATES.map(s => ({ value: s, label: s }))), filters.state,
        { id: 'filter-state', onchange: event => onFilter('state', event.target.value) })),
      labelled('Data type', select([{ value: '', label: 'Any type' }].concat(DATA_TYPES.map(t => ({ value: t, label: typeName(t) }))),
        filters.type, { id: 'filter-type', onchange: event => onFilter('type', event.target.value) })),
      labelled('Kind', select([{ value: '', label: 'Any kind' }].concat(Object.entries(KINDS).map(([value, label]) => ({ value, label }))),
        filters.kind, { id: 'filter-kind', onchange: event => onFilter('kind', event.target.value) }))));
    fillIfChanged(list, [model.jobs, filters], render);
    list.removeAttribute('aria-busy');
  };
  refresh().catch(error => announce(error.message, 'error'));
  // only while a shown job is still running: finished jobs do not change
  return every(POLL_MS, () => model.jobs.some(job => !isFinished(job.state)) ? refresh() : null);
}

function labelled(label, control) {
  return h('label', { class: 'filter' }, h('span', {}, label), control);
}

function renderList(list, model, filters) {
  const shown = model.jobs.filter(job => (!filters.state || job.state === filters.state)
    && (!filters.type || job.dataType === filters.type) && (!filters.kind || kindOf(job) === filters.kind));
  if (!shown.length) {
    fill(list, h('p', { class: 'empty' }, model.jobs.length ? 'No job matches these filters.' : 'No jobs yet.'));
    return;
  }
  fill(list, shown.map(job => jobView(job, model)));
}

/** A job, opened or not (model.open holds the ids opened), with its facts, timeline and plan. */
export function jobView(job, model) {
  const details = h('details', { class: 'card job', id: 'job-' + job.id, 'data-job': job.id, open: model.open.has(job.id),
    ontoggle: event => event.target.open ? model.open.add(job.id) : model.open.delete(job.id) },
  h('summary', {}, badge(job.state), ' ', h('strong', {}, typeName(job.dataType)), ' · ', KINDS[kindOf(job)],
    ' · ', when(job.createdAt), h('span', { class: 'muted small' }, ' · ', counts(job.counts))),
  h('dl', { class: 'facts' },
    h('dt', {}, 'Job'), h('dd', { class: 'mono' }, job.id),
    h('dt', {}, 'Window'), h('dd', {}, job.window ? exactTime(job.window.from) + ' – ' + exactTime(job.window.to) : '—'),
    h('dt', {}, 'Attempts'), h('dd', {}, String(job.attempts)),
    h('dt', {}, 'Trigger'), h('dd', {}, job.trigger || '—'),
    job.error ? [h('dt', {}, 'Error'), h('dd', { class: 'why' }, job.error)] : null),
  h('ol', { class: 'timeline' }, (job.history || []).map(event => h('li', {},
    badge(event.state), ' ', h('time', { datetime: event.at, title: exactTime(event.at) }, exactTime(event.at)),
    event.detail ? h('span', { class: 'detail' }, ' — ' + event.detail) : null))),
  job.plan ? planView(job) : null);
  return details;
}
