// Dead letters (admin): the jobs that failed for good, with why and where, and their replay — one or all. A replayed
// letter stays on the page with its job, whose state follows it back through the queue.

import { all, get, post } from '../api.js';
import { announce, badge, every, fill, fillIfChanged, h, typeName, when } from '../dom.js';
import { isFinished } from './connections.js';

const POLL_MS = 3000;
const QUEUES = { hot: 'Hot queue', cold: 'Cold queue', 'hot-dlq': 'Hot dead-letter queue', 'cold-dlq': 'Cold dead-letter queue' };

export function mount(main) {
  const model = { letters: [], replayed: new Map() };
  const overview = h('div', { class: 'overview', id: 'overview', 'aria-live': 'polite' });
  const list = h('div', { class: 'list', id: 'dead-letters', 'aria-busy': 'true' });
  const replayed = h('div', { class: 'list', id: 'replayed' });
  const replayAll = h('button', { class: 'primary', type: 'button', id: 'replay-all', onclick: async () => {
    try {
      const answer = await post('/admin/dead-letters/replay');
      announce(answer.count + ' dead letters back on their queues', 'success');
      model.letters.forEach(letter => model.replayed.set(letter.id, { letter, job: { id: letter.jobId, state: 'QUEUED' } }));
      await refresh();
    } catch (error) {
      announce(error.message, 'error');
    }
  } }, 'Replay all');
  fill(main, h('div', { class: 'heading' }, h('h1', {}, 'Dead letters'), replayAll), overview, list,
    h('h2', {}, 'Replayed this visit'), replayed);
  const refresh = async () => {
    const [summary, letters] = await Promise.all([get('/admin/overview'), all('/admin/dead-letters')]);
    model.letters = letters;
    for (const entry of model.replayed.values()) {
      if (!isFinished(entry.job.state)) {
        entry.job = await get('/jobs/' + entry.job.id).catch(() => entry.job);
      }
    }
    fillIfChanged(overview, summary, () => renderOverview(overview, summary));
    fillIfChanged(list, model.letters, () => renderLetters(list, model, refresh));
    fillIfChanged(replayed, [...model.replayed.values()].map(entry => entry.job), () => renderReplayed(replayed, model));
    replayAll.disabled = !letters.length;
    list.removeAttribute('aria-busy');
  };
  refresh().catch(error => announce(error.message, 'error'));
  return every(POLL_MS, refresh);
}

function renderOverview(overview, summary) {
  const counted = n => n > summary.deadLetters.countedUpTo ? summary.deadLetters.countedUpTo + '+' : String(n);
  fill(overview,
    h('div', { class: 'tiles' },
      h('div', { class: 'tile', id: 'dead-letter-count' }, h('span', { class: 'figure' }, counted(summary.deadLetters.pending)),
        h('span', { class: 'label' }, 'dead letters waiting')),
      h('div', { class: 'tile' }, h('span', { class: 'figure' }, counted(summary.deadLetters.replaying)), h('span', { class: 'label' }, 'replays cut short')),
      Object.entries(summary.queues).map(([queue, depth]) => h('div', { class: 'tile', 'data-queue': queue },
        h('span', { class: 'figure' }, String(depth.visible)),
        h('span', { class: 'label' }, (QUEUES[queue] || queue) + ': waiting'),
        h('span', { class: 'small muted' }, depth.in_flight + ' in flight · ' + depth.delayed + ' delayed')))),
    summary.hawtioUrl ? h('p', {}, 'The routes live: ', h('a', { href: summary.hawtioUrl, target: '_blank', rel: 'noopener' }, 'Hawtio')) : null);
}

function renderLetters(list, model, refresh) {
  if (!model.letters.length) {
    fill(list, h('p', { class: 'empty' }, 'No dead letters: every job found its way.'));
    return;
  }
  fill(list, h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, ['Failed', 'Reason', 'Step', 'Attempts', 'Job', 'State', ''].map(t => h('th', {}, t)))),
    h('tbody', {}, model.letters.map(letter => h('tr', { id: 'dead-letter-' + letter.id, 'data-dead-letter': letter.id },
      h('td', { 'data-label': 'Failed' }, when(letter.failedAt)),
      h('td', { 'data-label': 'Reason', class: 'why' }, letter.reason),
      h('td', { 'data-label': 'Step' }, letter.failedStep || '—'),
      h('td', { 'data-label': 'Attempts' }, String(letter.attempts)),
      h('td', { 'data-label': 'Job', class: 'small' }, letter.dataType ? typeName(letter.dataType) + ' · ' : '',
        h('a', { class: 'mono', href: '#/job?id=' + encodeURIComponent(letter.jobId) }, letter.jobId), ' (' + letter.queue + ')'),
      h('td', { 'data-label': 'State' }, badge(letter.state)),
      h('td', {}, h('div', { class: 'actions tight' }, h('button', { type: 'button', 'data-action': 'replay', onclick: async () => {
        try {
          const answer = await post('/admin/dead-letters/' + encodeURIComponent(letter.id) + '/replay');
          model.replayed.set(letter.id, { letter, job: { id: answer.jobId, state: answer.state } });
          announce('Replayed: job ' + answer.jobId + ' is ' + answer.state, 'success');
          await refresh();
        } catch (error) {
          announce(error.message, 'error');
        }
      } }, 'Replay'))))))));
}

function renderReplayed(replayed, model) {
  if (!model.replayed.size) {
    fill(replayed, h('p', { class: 'empty' }, 'Nothing replayed yet.'));
    return;
  }
  fill(replayed, h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, ['Reason it failed', 'Job', 'Job state now', 'Counts'].map(t => h('th', {}, t)))),
    h('tbody', {}, [...model.replayed.values()].map(({ letter, job }) => h('tr', { 'data-replayed': letter.id },
      h('td', { class: 'why' }, letter.reason),
      h('td', { class: 'small' }, h('a', { class: 'mono', href: '#/job?id=' + encodeURIComponent(job.id) }, job.id)),
      h('td', { class: 'replayed-state' }, badge(job.state)),
      h('td', {}, job.counts ? job.counts.written + ' written of ' + job.counts.fetched + ' fetched' : '—'))))));
}
