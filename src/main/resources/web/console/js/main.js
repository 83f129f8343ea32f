// The console's shell: sign-in, the sections (one view each, chosen by the fragment: #/connections, #/jobs?...), the
// notices, and the clock that keeps relative times true. Each view's mount(main, params) answers the function that
// stops its polling when a person leaves it.

import { adoptTokenFromFragment, REFUSED_TOKEN, session, setToken, signOut } from './api.js';
import { fill, h, refreshRelativeTimes } from './dom.js';
import * as accounts from './views/accounts.js';
import * as backfills from './views/backfills.js';
import * as connections from './views/connections.js';
import * as deadLetters from './views/deadletters.js';
import * as job from './views/job.js';
import * as jobs from './views/jobs.js';
import * as records from './views/records.js';

const VIEWS = {
  connections, accounts, jobs, job, backfills, records, 'dead-letters': deadLetters
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const noticeBox = document.getElementById('notice');
let leave = () => {};
let noticeTimer = null;

/** A short message at the top of the page ("Fitbit linked"); errors stay until the next one. */
export function notice(text, kind = 'info') {
  clearTimeout(noticeTimer);
  noticeBox.className = 'notice ' + kind;
  noticeBox.textContent = text;
  noticeBox.hidden = false;
  if (kind !== 'error') {
    noticeTimer = setTimeout(() => { noticeBox.hidden = true; }, 6000);
  }
}

window.addEventListener('syncwell:notice', event => notice(event.detail.text, event.detail.kind));
window.addEventListener('syncwell:unauthorized', () => {
  if (session()) {
    signOut();
    notice(REFUSED_TOKEN, 'error');
    show();
  }
});

/** #/jobs?connection=abc → ['jobs', URLSearchParams]. */
function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return [path || 'connections', new URLSearchParams(query || '')];
}

function show() {
  leave();
  leave = () => {};
  const current = session();
  if (!current) {
    nav.hidden = true;
    fill(who);
    signIn();
    return;
  }
  nav.hidden = false;
  for (const link of nav.querySelectorAll('[data-admin]')) {
    link.hidden = !current.admin;
  }
  fill(who, h('span', {}, current.user), current.admin ? h('span', { class: 'badge' }, 'admin') : null,
    h('button', { class: 'link', type: 'button', onclick: () => { signOut(); show(); } }, 'Sign out'));
  const [name, params] = route();
  const view = VIEWS[name] || connections;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.view === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  main.replaceChildren();
  leave = view.mount(main, params) || (() => {});
}

/** No token yet: the demo's link brings one; in aws mode a person pastes the one their identity provider gave. */
function signIn() {
  const input = h('textarea', { id: 'token', rows: 4, autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h('form', { class: 'card narrow', onsubmit: event => {
    event.preventDefault();
    setToken(input.value);
    show();
  } },
  h('h1', {}, 'Sign in'),
  h('p', {}, 'Paste the bearer token (a JWT) that your identity provider issued for SyncWell. ',
    'Running locally? Open the console link the demo printed at start-up: it signs you in.'),
  h('label', { for: 'token' }, 'Bearer token'), input,
  h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Sign in')));
  fill(main, form);
  input.focus();
}

/** Back from a provider's consent page: the callback sent the browser here with ?provider=...&status=linked. */
function linkedNotice() {
  const query = new URLSearchParams(location.search);
  if (query.get('provider') && query.get('status')) {
    notice(query.get('provider') + ' ' + query.get('status'), 'success');
    history.replaceState(null, '', location.pathname + '#/accounts');
  }
}

adoptTokenFromFragment();
linkedNotice();
window.addEventListener('hashchange', show);
setInterval(() => refreshRelativeTimes(), 15000);
show();
