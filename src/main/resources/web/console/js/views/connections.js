// Connections: each source → destination with its settings and, per data type, the last sync time and the last job's
// state and counts. "Sync now" and "Dry run" call the same endpoint as any client; the view polls while it is shown, so
// a sync is seen to go QUEUED → IN_PROGRESS → SUCCEEDED without a reload.

import { all, get, patch, post, del, ApiError } from '../api.js';
import {
  announce, badge, clearProblems, DATA_TYPES, every, field, fill, h, scheduleText, select, shortTime, showProblem, typeName, when
} from '../dom.js';

const POLL_MS = 2000;
const STRATEGIES = [
  { value: 'PRIORITIZE_SOURCE', label: 'Prioritize source (overwrite the destination)' },
  { value: 'PRIORITIZE_DESTINATION', label: 'Prioritize destination (keep what is there)' },
  { value: 'MERGE_INTELLIGENTLY', label: 'Merge intelligently (activities: streams merged)' }
];
const FINISHED = new Set(['SUCCEEDED', 'MOVED_TO_DLQ', 'CANCELLED']);

export const isFinished = state => FINISHED.has(state);

export function mount(main) {
  const state = { providers: [], accounts: [], jobs: new Map(), cards: new Map() };
  const list = h('div', { class: 'list', id: 'connections', 'aria-busy': 'true' });
  const formSlot = h('div');
  fill(main,
    h('div', { class: 'heading' }, h('h1', {}, 'Connections'),
      h('button', { class: 'primary', type: 'button', id: 'new-connection', onclick: () => openCreate(formSlot, state, list) }, 'New connection')),
    formSlot, list);
  const refresh = () => refreshAll(list, state);
  refresh().catch(error => announce(error.message, 'error'));
  return every(POLL_MS, refresh);
}

async function refreshAll(list, state) {
  const [connections, providers, accounts] = await Promise.all([all('/connections'),
    state.providers.length ? state.providers : get('/providers'), state.accounts.length ? state.accounts : all('/accounts')]);
  state.providers = providers;
  state.accounts = accounts;
  await refreshJobs(connections, state);
  list.removeAttribute('aria-busy');
  if (!connections.length) {
    fill(list, h('p', { class: 'empty' }, 'No connections yet. Link two accounts, then create one with "New connection".'));
    state.cards.clear();
    return;
  }
  if (!state.cards.size) {
    list.replaceChildren();
  }
  const shown = new Set();
  for (const connection of connections) {
    shown.add(connection.id);
    let card = state.cards.get(connection.id);
    if (!card) {
      card = makeCard(connection, state, list);
      state.cards.set(connection.id, card);
      list.append(card.element);
    }
    card.update(connection);
  }
  for (const [id, card] of state.cards) {
    if (!shown.has(id)) {
      card.element.remove();
      state.cards.delete(id);
    }
  }
}

/**
 * The jobs the status tables show: a connection's recent jobs are read again while one of its last jobs is unknown or
 * not finished — one call per busy connection, so that polling stays within the API's per-user rate.
 */
async function refreshJobs(connections, state) {
  const busy = connections.filter(connection => Object.values(connection.status || {}).some(status => {
    if (!status.lastJobId) {
      return false;
    }
    const known = state.jobs.get(status.lastJobId);
    return !known || !isFinished(known.state) || known.state !== status.lastJobState;
  }));
  const answers = await Promise.all(busy.map(connection => get('/connections/' + connection.id + '/jobs?limit=20')));
  for (const jobs of answers) {
    for (const job of jobs) {
      state.jobs.set(job.id, job);
    }
  }
}

function makeCard(connection, state, list) {
  const title = h('h2', {});
  const meta = h('p', { class: 'meta' });
  const table = h('div', { class: 'status' });
  const panel = h('div', { class: 'panel' });
  const element = h('section', { class: 'card connection', id: 'connection-' + connection.id, 'data-connection': connection.id },
    title, meta, table,
    h('div', { class: 'actions' },
      h('button', { class: 'primary', type: 'button', 'data-action': 'sync', onclick: () => syncNow(current, panel) }, 'Sync now'),
      h('button', { type: 'button', 'data-action': 'dry-run', onclick: () => dryRun(current, panel) }, 'Dry run'),
      h('button', { type: 'button', 'data-action': 'edit', onclick: () => openEdit(current, state, panel) }, 'Edit'),
      h('a', { class: 'button', href: '#/records?connection=' + connection.id }, 'Records'),
      h('a', { class: 'button', href: '#/jobs?connection=' + connection.id }, 'Jobs'),
      h('button', { class: 'danger', type: 'button', 'data-action': 'delete', onclick: () => remove(current, list, state) }, 'Delete')),
    panel);
  let current = connection;
  return {
    element,
    update(next) {
      current = next;
      fill(title, providerName(state, next.source) + ' → ' + providerName(state, next.destination));
      fill(meta, strategyLabel(next), ' · ', scheduleText(next.schedule), ' · ',
        next.enabled ? 'enabled' : h('strong', {}, 'disabled' + (next.disabledReason ? ': ' + next.disabledReason : '')));
      fill(table, statusTable(next, state));
    }
  };
}

function providerName(state, id) {
  const provider = state.providers.find(p => p.id === id);
  return provider ? provider.name : id;
}

function strategyLabel(connection) {
  const overrides = Object.entries(connection.conflictStrategies || {});
  const base = (STRATEGIES.find(s => s.value === connection.conflictStrategy) || { label: connection.conflictStrategy }).label.split(' (')[0];
  return overrides.length ? base + ' (' + overrides.map(([type, s]) => typeName(type) + ': '
    + s.toLowerCase().replace(/_/g, ' ')).join(', ') + ')' : base;
}

function statusTable(connection, state) {
  return h('table', { class: 'table compact' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Data type'), h('th', {}, 'Last sync'), h('th', {}, 'Last job'), h('th', {}, 'Counts'))),
    h('tbody', {}, connection.dataTypes.map(type => {
      const status = (connection.status || {})[type] || {};
      const job = status.lastJobId ? state.jobs.get(status.lastJobId) : null;
      const jobState = job ? job.state : status.lastJobState;
      return h('tr', { 'data-type': type },
        h('th', { scope: 'row' }, typeName(type)),
        h('td', { 'data-label': 'Last sync', class: 'last-sync' }, when(status.lastSyncTime)),
        h('td', { 'data-label': 'Last job', class: 'last-job' }, jobState ? badge(jobState) : h('span', { class: 'muted' }, 'none'),
          status.skipped ? h('div', { class: 'small why' }, 'skipped ', when(status.skipped.at), ': ', status.skipped.reason) : null,
          job && job.error ? h('div', { class: 'small why' }, job.error) : null),
        h('td', { 'data-label': 'Counts', class: 'counts' }, job ? counts(job.counts) : h('span', { class: 'muted' }, '—')));
    })));
}

/** "7 fetched · 5 written · 2 skipped" — the counts a person reads first; those that are zero left out. */
export function counts(c) {
  if (!c) {
    return h('span', { class: 'muted' }, '—');
  }
  const parts = [['fetched', c.fetched], ['at destination', c.destinationExisting], ['written', c.written],
    ['merged', c.merged], ['skipped', c.skipped]].filter(([, n]) => n);
  return parts.length ? parts.map(([label, n]) => n + ' ' + label).join(' · ') : 'nothing to do';
}

async function syncNow(connection, panel) {
  try {
    const answer = await post('/connections/' + connection.id + '/sync', {});
    announce('Sync queued: ' + answer.jobs.map(job => typeName(job.dataType)).join(', '), 'success');
    fill(panel);
  } catch (error) {
    announce(error.message, 'error');
  }
}

/** A dry run plans without writing: the answer carries each type's plan (or job ids, when planning takes longer). */
async function dryRun(connection, panel) {
  fill(panel, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Planning…'));
  try {
    const answer = await post('/connections/' + connection.id + '/sync', { dryRun: true });
    let jobs = answer.jobs;
    for (let round = 0; jobs.some(job => !job.plan && !isFinished(job.state)) && round < 60; round++) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      jobs = await Promise.all(jobs.map(job => job.plan || isFinished(job.state) ? job : get('/jobs/' + job.id)));
    }
    fill(panel, h('div', { class: 'plan', id: 'dry-run-' + connection.id },
      h('div', { class: 'heading' }, h('h3', {}, 'Dry run: what a sync would do now'),
        h('button', { type: 'button', class: 'link', onclick: () => fill(panel) }, 'Close')),
      jobs.map(job => planView(job))));
  } catch (error) {
    fill(panel, h('p', { class: 'form-error' }, error.message));
  }
}

/** A job's plan: creates, replacements, merges and skips, each skip with its reason, and the first items. */
export function planView(job) {
  const type = typeName(job.dataType);
  if (!job.plan) {
    return h('div', { class: 'plan-type' }, h('h4', {}, type), job.error ? h('p', { class: 'why' }, job.error)
      : h('p', { class: 'muted' }, 'not planned yet (' + job.state + ')'));
  }
  const plan = job.plan;
  return h('div', { class: 'plan-type', 'data-type': job.dataType },
    h('h4', {}, type),
    h('p', { class: 'plan-counts' }, plan.create + ' to create · ' + plan.replace + ' to replace · ' + plan.merge + ' to merge · '
      + plan.skip + ' to skip'),
    Object.keys(plan.skipReasons || {}).length ? h('ul', { class: 'reasons' },
      Object.entries(plan.skipReasons).map(([reason, n]) => h('li', {}, n + ' skipped: ' + reason))) : null,
    plan.items && plan.items.length ? h('details', {}, h('summary', {}, 'Items (' + plan.items.length
      + (plan.items.length < plan.create + plan.replace + plan.merge + plan.skip ? ', the first ones' : '') + ')'),
    h('ul', { class: 'items' }, plan.items.map(item => h('li', {}, h('span', { class: 'badge action-' + item.action }, item.action), ' ',
      shortTime(item.start), item.end && item.end !== item.start ? ' – ' + shortTime(item.end) : '',
      item.reason ? ': ' + item.reason : '',
      item.fieldProvenance ? ': ' + Object.entries(item.fieldProvenance).map(([f, p]) => f + ' from ' + p).join(', ') : '')))) : null);
}

async function remove(connection, list, state) {
  if (!confirm('Delete this connection? Its data stays where it was written; syncing stops.')) {
    return;
  }
  try {
    await del('/connections/' + connection.id);
    announce('Connection deleted', 'success');
    await refreshAll(list, state);
  } catch (error) {
    announce(error.message, 'error');
  }
}

function typeBoxes(selected, allowed) {
  return h('fieldset', { class: 'types', id: 'field-dataTypes' }, h('legend', {}, 'Data types'),
    DATA_TYPES.map(type => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'dataTypes', value: type, checked: selected.includes(type), disabled: allowed && !allowed.includes(type) }),
      ' ', typeName(type))),
    h('p', { class: 'field-error', id: 'error-dataTypes', 'aria-live': 'polite' }));
}

function checked(form) {
  return [...form.querySelectorAll('input[name=dataTypes]:checked')].map(box => box.value);
}

function openCreate(slot, state, list) {
  const linked = state.accounts.filter(a => a.status === 'linked').map(a => a.provider);
  const options = [{ value: '', label: 'Choose…' }].concat(state.providers.map(p => ({
    value: p.id, label: p.name + (linked.includes(p.id) ? '' : ' (not linked)') })));
  const source = select(options, '');
  const destination = select(options, '');
  const schedule = h('input', { type: 'text', placeholder: 'PT1H', inputmode: 'text', autocomplete: 'off' });
  const form = h('form', { class: 'card form', id: 'create-connection', novalidate: true },
    h('h2', {}, 'New connection'),
    h('p', { class: 'form-error', 'aria-live': 'polite' }),
    h('div', { class: 'row' }, field('From (source)', 'source', source), field('To (destination)', 'destination', destination)),
    typeBoxes(DATA_TYPES, null),
    field('When both hold data for the same period', 'conflictStrategy', select(STRATEGIES, 'PRIORITIZE_SOURCE')),
    field('Schedule', 'schedule', schedule, 'An ISO-8601 period such as PT1H (hourly); empty: only when you sync'),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Create'),
      h('button', { type: 'button', onclick: () => fill(slot) }, 'Cancel')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearProblems(form);
    const body = {
      source: source.value || null, destination: destination.value || null, dataTypes: checked(form),
      conflictStrategy: form.elements.conflictStrategy.value, schedule: schedule.value.trim() || null
    };
    try {
      await post('/connections', body);
      announce('Connection created', 'success');
      fill(slot);
      await refreshAll(list, state);
    } catch (error) {
      if (error instanceof ApiError) {
        showProblem(form, error.problem);
      } else {
        announce(error.message, 'error');
      }
    }
  });
  fill(slot, form);
  source.focus();
}

function openEdit(connection, state, panel) {
  const schedule = h('input', { type: 'text', value: connection.schedule || '', placeholder: 'PT1H', autocomplete: 'off' });
  const enabled = h('input', { type: 'checkbox', checked: connection.enabled });
  const form = h('form', { class: 'form', novalidate: true },
    h('h3', {}, 'Edit connection'),
    h('p', { class: 'form-error', 'aria-live': 'polite' }),
    typeBoxes(connection.dataTypes, null),
    field('When both hold data for the same period', 'conflictStrategy', select(STRATEGIES, connection.conflictStrategy)),
    field('Schedule', 'schedule', schedule, 'An ISO-8601 period such as PT1H; empty: only when you sync'),
    h('label', { class: 'check' }, enabled, ' Enabled'),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Save'),
      h('button', { type: 'button', onclick: () => fill(panel) }, 'Cancel')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearProblems(form);
    try {
      await patch('/connections/' + connection.id, {
        dataTypes: checked(form), conflictStrategy: form.elements.conflictStrategy.value,
        schedule: schedule.value.trim() || null, enabled: enabled.checked
      });
      announce('Connection saved', 'success');
      fill(panel);
    } catch (error) {
      if (error instanceof ApiError) {
        showProblem(form, error.problem);
      } else {
        announce(error.message, 'error');
      }
    }
  });
  fill(panel, form);
}
