// Accounts: each provider SyncWell serves, whether this person's account there is linked, and Link / Unlink. Linking
// runs the provider's real OAuth flow: the browser goes to the provider's consent page and comes back through our
// callback, which sends it here again.

import { all, get, post, del } from '../api.js';
import { announce, fill, h, when } from '../dom.js';

const STATUS = {
  linked: 'Linked',
  needs_reauth: 'Needs re-link'
};
const WHY_RELINK = 'Syncs with it stop until you link it again.';

export function mount(main) {
  const list = h('div', { class: 'list', 'aria-busy': 'true' });
  fill(main, h('h1', {}, 'Accounts'),
    h('p', { class: 'lead' }, 'Link the accounts SyncWell reads from and writes to. Linking opens the provider\'s own consent page.'),
    list);
  render(list).catch(error => announce(error.message, 'error'));
}

async function render(list) {
  const [providers, accounts] = await Promise.all([get('/providers'), all('/accounts')]);
  const byProvider = Object.fromEntries(accounts.map(a => [a.provider, a]));
  fill(list, h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Provider'), h('th', {}, 'Status'), h('th', {}, 'Linked'), h('th', {}, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', {}, providers.filter(p => p.status !== 'retired').map(provider => row(provider, byProvider[provider.id], list)))));
  list.removeAttribute('aria-busy');
}

function row(provider, account, list) {
  const status = account ? account.status : 'not_linked';
  return h('tr', { 'data-provider': provider.id },
    h('th', { scope: 'row' }, provider.name || provider.id, h('div', { class: 'muted small' }, provider.id + ' · ' + provider.version)),
    h('td', { 'data-label': 'Status' }, h('span', { class: 'badge account-' + status }, STATUS[status] || 'Not linked'),
      status === 'needs_reauth' ? h('p', { class: 'small why' }, (account.reauthReason ? account.reauthReason + '. ' : '') + WHY_RELINK) : null),
    h('td', { 'data-label': 'Linked' }, account ? when(account.linkedAt) : h('span', { class: 'muted' }, '—')),
    h('td', {}, h('div', { class: 'actions tight' },
      status !== 'linked' ? h('button', { class: 'primary', type: 'button', onclick: () => link(provider.id) },
        status === 'needs_reauth' ? 'Link again' : 'Link') : null,
      account ? h('button', { type: 'button', onclick: () => unlink(provider, list) }, 'Unlink') : null)));
}

/** The callback sends the browser back to the console, which says it is linked. */
async function link(provider) {
  try {
    const started = await post('/accounts/' + encodeURIComponent(provider) + '/authorize', { redirectUri: location.origin + location.pathname });
    location.assign(started.authorizeUrl);
  } catch (error) {
    announce('Cannot link ' + provider + ': ' + error.message, 'error');
  }
}

async function unlink(provider, list) {
  if (!confirm('Unlink ' + (provider.name || provider.id) + '? SyncWell deletes its tokens; connections using it stop.')) {
    return;
  }
  try {
    await del('/accounts/' + encodeURIComponent(provider.id));
    announce((provider.name || provider.id) + ' unlinked', 'success');
    await render(list);
  } catch (error) {
    announce(error.message, 'error');
  }
}
