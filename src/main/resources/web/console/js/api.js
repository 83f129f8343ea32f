// The console's one way to the API: the same /v1 endpoints and bearer JWT as any client. The token lives in this tab's
// sessionStorage only — it came in the URL fragment (never sent to a server) or was pasted in — and leaves with the tab.

const TOKEN_KEY = 'syncwell.token';
export const REFUSED_TOKEN = 'Your token was refused (expired or not valid here): sign in again.';

/** A refusal of the API, carrying its problem+json body (status, detail and, for a form, the field at fault). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

/** Takes a token given in the fragment (#token=...), keeps it for the tab and removes it from the address bar. */
export function adoptTokenFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', location.pathname + location.search + '#/connections');
  }
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Who the token names (sub, roles, exp) as its payload says; null when there is none or it is no JWT. */
export function session() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    return null;
  }
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')));
    const roles = Array.isArray(claims.roles) ? claims.roles : [];
    return { user: claims.sub, roles, admin: roles.includes('admin'), expires: claims.exp ? claims.exp * 1000 : null };
  } catch (notAJwt) {
    return { user: '?', roles: [], admin: false, expires: null };
  }
}

/** Calls the API; answers the parsed body (null for 204), throws ApiError with the problem for any refusal. */
export async function call(method, path, body) {
  return (await exchange(method, path, body)).body;
}

async function exchange(method, path, body) {
  const headers = { Authorization: 'Bearer ' + (sessionStorage.getItem(TOKEN_KEY) || '') };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch('/v1' + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store'
    });
  } catch (unreachable) {
    throw new ApiError(0, { detail: 'SyncWell cannot be reached; is it running?' });
  }
  const text = response.status === 204 ? '' : await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (notJson) {
    parsed = { detail: 'the API answered HTTP ' + response.status };
  }
  if (response.status === 401) {
    // the shell signs the page out; whatever the view says of it, it says the same
    window.dispatchEvent(new CustomEvent('syncwell:unauthorized'));
    throw new ApiError(401, { detail: REFUSED_TOKEN });
  }
  if (!response.ok) {
    throw new ApiError(response.status, parsed || {});
  }
  return { body: parsed, response };
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = path => call('DELETE', path);

/** Every page of a listing: the API answers an array and names the next page in a Link header (rel="next"). */
export async function all(path) {
  const items = [];
  for (let next = path; next;) {
    const answer = await page(next);
    items.push(...answer.items);
    next = answer.next;
  }
  return items;
}

/** One page of a listing and the path of the next ({items, next}; next is null on the last). */
export async function page(path) {
  const { body, response } = await exchange('GET', path);
  const link = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('Link') || '');
  return { items: body || [], next: link ? link[1].replace(/^\/v1/, '') : null };
}
