// Backfills: bring a connection's history for a date range (the cold path), watch each backfill's windows complete
// (a progress bar: windows done of total, records written), cancel one still running.

import { all, ApiError, del, get, post } from '../api.js';
import {
  announce, badge, clearProblems, DATA_TYPES, every, exactTime, field, fill, fillIfChanged, h, select, showProblem, typeName, when
} from '../dom.js';

const POLL_MS = 2000;

export function mount(main, params) {
  const model = { connections: [], backfills: [] };
  const formSlot = h('div');
  const list = h('div', { class: 'list', id: 'backfills', 'aria-busy': 'true' });
  fill(main, h('h1', {}, 'Backfills'),
    h('p', { class: 'lead' }, 'A backfill brings the history before a connection\'s first sync, window by window, without holding up its regular syncs.'),
    formSlot, list);
  const refresh = async () => {
    model.connections = await all('/connections');
    const answers = await Promise.all(model.connections.map(c => get('/connections/' + c.id + '/backfills')));
    model.backfills = answers.flat().sort((a, b) => String(b.startedAt).localeCompare(String(a.startedAt)));
    if (!formSlot.firstChild) {
      fill(formSlot, requestForm(model, params.get('connection'), refresh));
    }
    fillIfChanged(list, [model.backfills, model.connections.map(c => c.id)], () => renderList(list, model, refresh));
    list.removeAttribute('aria-busy');
  };
  refresh().catch(error => announce(error.message, 'error'));
  return every(POLL_MS, () => model.backfills.some(b => b.state === 'running' || (b.state === 'cancelled' && !b.finishedAt))
    ? refresh() : null);
}

function requestForm(model, chosen, refresh) {
  if (!model.connections.length) {
    return h('p', { class: 'empty' }, 'No connections yet: create one first.');
  }
  const connection = select(model.connections.map(c => ({ value: c.id, label: c.source + ' → ' + c.destination })),
    chosen || model.connections[0].id);
  const monthAgo = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  const from = h('input', { type: 'date', value: monthAgo, required: true });
  const to = h('input', { type: 'date' });
  const types = h('fieldset', { class: 'types', id: 'field-dataTypes' }, h('legend', {}, 'Data types'),
    DATA_TYPES.map(type => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'dataTypes', value: type }), ' ', typeName(type))),
    h('p', { class: 'hint' }, 'None ticked: every type the connection syncs'),
    h('p', { class: 'field-error', id: 'error-dataTypes', 'aria-live': 'polite' }));
  const form = h('form', { class: 'card form', id: 'request-backfill', novalidate: true },
    h('h2', {}, 'Request a backfill'),
    h('p', { class: 'form-error', 'aria-live': 'polite' }),
    field('Connection', 'connection', connection),
    h('div', { class: 'row' }, field('From', 'from', from), field('To', 'to', to, 'Empty: up to where regular syncs began')),
    types,
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Request backfill')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearProblems(form);
    const dataTypes = [...form.querySelectorAll('input[name=dataTypes]:checked')].map(box => box.value);
    const body = { from: from.value || null };
    if (to.value) {
      body.to = to.value;
    }
    if (dataTypes.length) {
      body.dataTypes = dataTypes;
    }
    try {
      const answer = await post('/connections/' + connection.value + '/backfill', body);
      announce('Backfill requested: ' + answer.jobs.length + ' windows', 'success');
      await refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        showProblem(form, error.problem);
      } else {
        announce(error.message, 'error');
      }
    }
  });
  return form;
}

function renderList(list, model, refresh) {
  if (!model.backfills.length) {
    fill(list, h('p', { class: 'empty' }, 'No backfills yet.'));
    return;
  }
  const names = Object.fromEntries(model.connections.map(c => [c.id, c.source + ' → ' + c.destination]));
  fill(list, model.backfills.map(backfill => {
    const windows = backfill.windows;
    const done = windows.succeeded + windows.failed + windows.cancelled;
    const percent = windows.total ? Math.floor(100 * done / windows.total) : 100;
    return h('section', { class: 'card backfill', id: 'backfill-' + backfill.id, 'data-backfill': backfill.id },
      h('div', { class: 'heading' }, h('h2', {}, names[backfill.connectionId] || backfill.connectionId), badge(backfill.state)),
      h('p', { class: 'meta' }, exactTime(backfill.from) + ' – ' + exactTime(backfill.to), ' · ',
        backfill.dataTypes.map(typeName).join(', '), ' · started ', when(backfill.startedAt)),
      h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent,
        'aria-label': 'windows done' },
      h('div', { class: 'bar' + (windows.failed ? ' has-failed' : ''), style: null, 'data-percent': percent })),
      h('p', { class: 'progress-text' }, h('strong', { class: 'percent' }, percent + ' %'), ' · ',
        done + ' of ' + windows.total + ' windows', windows.failed ? ' (' + windows.failed + ' failed)' : '', ' · ',
        backfill.counts.written + ' records written, ' + backfill.counts.skipped + ' skipped of ' + backfill.counts.fetched + ' fetched'),
      backfill.state === 'running' ? h('div', { class: 'actions' }, h('button', { class: 'danger', type: 'button', onclick: async () => {
        try {
          await del('/backfills/' + backfill.id);
          announce('Backfill cancelled: windows not yet started will not run', 'success');
          await refresh();
        } catch (error) {
          announce(error.message, 'error');
        }
      } }, 'Cancel')) : null);
  }));
  // widths are set through the CSSOM: the content security policy allows no inline style attribute
  for (const bar of list.querySelectorAll('.bar[data-percent]')) {
    bar.style.width = bar.dataset.percent + '%';
  }
}
