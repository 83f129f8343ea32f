// One job by its id (#/job?id=...): what a dead letter or a record links to. An operator sees any user's job.

import { get } from '../api.js';
import { every, fill, h } from '../dom.js';
import { isFinished } from './connections.js';
import { jobView } from './jobs.js';

const POLL_MS = 2000;

export function mount(main, params) {
  const id = params.get('id') || '';
  const slot = h('div', { class: 'list', 'aria-busy': 'true' });
  fill(main, h('h1', {}, 'Job'), slot);
  let job = null;
  const refresh = async () => {
    job = await get('/jobs/' + encodeURIComponent(id));
    fill(slot, jobView(job, { open: new Set([job.id]) }));
    slot.removeAttribute('aria-busy');
  };
  refresh().catch(error => fill(slot, h('p', { class: 'form-error' }, error.message)));
  return every(POLL_MS, () => job && !isFinished(job.state) ? refresh() : null);
}
