// Records: "where did my run go?" — what became of each source record a connection saw (written, skipped and why,
// merged with what, failed in which job), from the connection's records ledger. Searchable by what it was and why.

import { all, ApiError, page } from '../api.js';
import { announce, badge, clearProblems, DATA_TYPES, exactTime, field, fill, h, select, shortTime, showProblem, typeName } from '../dom.js';

const OUTCOMES = [
  { value: '', label: 'Any outcome' }, { value: 'written', label: 'Written' }, { value: 'skipped', label: 'Skipped' },
  { value: 'merged', label: 'Merged' }, { value: 'failed', label: 'Failed' }
];
const PAGE = 500;
const DAY = 86400000;

export function mount(main, params) {
  const model = { connections: [], records: [], next: null };
  const form = h('form', { class: 'card form filters-form', id: 'records-filter', role: 'search', novalidate: true });
  const summary = h('p', { class: 'muted', id: 'records-summary', 'aria-live': 'polite' });
  const list = h('ol', { class: 'records', id: 'records' });
  const more = h('div', { class: 'actions' });
  fill(main, h('h1', {}, 'Records'),
    h('p', { class: 'lead' }, 'Every record a connection saw, and what became of it. Looking for a workout that did not arrive? Search for it here.'),
    form, summary, list, more);
  start(form, model, params, summary, list, more).catch(error => announce(error.message, 'error'));
}

async function start(form, model, params, summary, list, more) {
  model.connections = await all('/connections');
  if (!model.connections.length) {
    fill(form, h('p', { class: 'empty' }, 'No connections yet: create one first.'));
    return;
  }
  const today = new Date();
  const connection = select(model.connections.map(c => ({ value: c.id, label: c.source + ' → ' + c.destination })),
    params.get('connection') || model.connections[0].id);
  const dataType = select([{ value: '', label: 'Any type' }].concat(DATA_TYPES.map(t => ({ value: t, label: typeName(t) }))),
    params.get('dataType') || '');
  const outcome = select(OUTCOMES, params.get('outcome') || '');
  const from = h('input', { type: 'date', value: localDate(new Date(today.getTime() - 7 * DAY)) });
  const to = h('input', { type: 'date', value: localDate(today) });
  const search = h('input', { type: 'search', placeholder: 'Run, skipped, an id…', value: params.get('q') || '', autocomplete: 'off' });
  fill(form,
    h('p', { class: 'form-error', 'aria-live': 'polite' }),
    h('div', { class: 'filters' },
      field('Connection', 'connection', connection), field('Data type', 'dataType', dataType),
      field('Outcome', 'outcome', outcome), field('Search', 'q', search),
      field('From', 'from', from), field('To', 'to', to)),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Show records')));
  const load = async () => {
    clearProblems(form);
    const query = new URLSearchParams({ limit: PAGE });
    for (const [name, control] of Object.entries({ dataType, outcome })) {
      if (control.value) {
        query.set(name, control.value);
      }
    }
    // the dates as the person means them: midnight to midnight in the browser's zone
    if (from.value) {
      query.set('from', new Date(from.value + 'T00:00:00').toISOString());
    }
    if (to.value) {
      query.set('to', new Date(new Date(to.value + 'T00:00:00').getTime() + DAY).toISOString());
    }
    try {
      const first = await page('/connections/' + connection.value + '/records?' + query);
      model.records = first.items;
      model.next = first.next;
      render(model, search.value, summary, list, more);
    } catch (error) {
      if (error instanceof ApiError) {
        showProblem(form, error.problem);
      } else {
        announce(error.message, 'error');
      }
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    load();
  });
  search.addEventListener('input', () => render(model, search.value, summary, list, more));
  more.addEventListener('click', async event => {
    if (event.target.matches('button') && model.next) {
      const next = await page(model.next);
      model.records.push(...next.items);
      model.next = next.next;
      render(model, search.value, summary, list, more);
    }
  });
  await load();
}

function localDate(date) {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** "RUN" → "Run", "STRENGTH_TRAINING" → "Strength training". */
function kindName(record) {
  if (!record.kind) {
    return typeName(record.dataType);
  }
  const words = record.kind.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What happened to a record, in a sentence. */
function fate(record) {
  switch (record.outcome) {
    case 'written':
      return record.detail + ' at ' + record.destination + (record.writtenAs ? ' as ' + record.writtenAs : '')
        + (record.heldBy ? ', in place of ' + record.heldBy : '');
    case 'merged':
      return 'merged with ' + (record.heldBy || 'the destination\'s recording') + ' at ' + record.destination
        + (record.detail ? ' (' + record.detail.replace(/^merged: /, '') + ')' : '');
    case 'skipped':
      return 'skipped: ' + record.detail + (record.heldBy ? ' — ' + record.destination + ' holds ' + record.heldBy : '');
    case 'failed':
      return 'failed: ' + record.detail;
    default:
      return record.outcome;
  }
}

function matches(record, words) {
  const text = [kindName(record), typeName(record.dataType), record.outcome, fate(record), record.sourceId, record.jobId,
    shortTime(record.start)].join(' ').toLowerCase();
  return words.every(word => text.includes(word));
}

function render(model, query, summary, list, more) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = model.records.filter(record => matches(record, words));
  fill(summary, shown.length + ' of ' + model.records.length + (model.next ? '+' : '') + ' records'
    + (words.length ? ' match "' + query + '"' : ''));
  fill(list, shown.length ? shown.map(record => h('li', { class: 'card record outcome-' + record.outcome, 'data-source-id': record.sourceId },
    h('div', { class: 'heading' },
      h('strong', {}, kindName(record) + ', ', h('time', { datetime: record.start, title: exactTime(record.start) }, shortTime(record.start))),
      badge(record.outcome)),
    h('p', { class: 'fate' }, fate(record)),
    h('p', { class: 'small muted' }, typeName(record.dataType) + ' · source id ', h('span', { class: 'mono' }, record.sourceId),
      ' · decided by job ', h('a', { class: 'mono', href: '#/job?id=' + encodeURIComponent(record.jobId) }, record.jobId))))
    : h('li', { class: 'empty' }, 'No record matches.'));
  fill(more, model.next ? h('button', { type: 'button' }, 'Load more') : null);
}
