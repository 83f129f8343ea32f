// Building the page: elements are made from data with text nodes only (never innerHTML), so nothing the API answers is
// ever read as markup.

/** h('button', {class: 'primary', onclick: f}, 'Sync now') — attributes, properties (on*, value, checked) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' || name === 'checked' || name === 'selected') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces what an element holds. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const short = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const STEPS = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];

/** "3 minutes ago", in the browser's language. */
export function ago(instant, now = Date.now()) {
  let amount = (new Date(instant).getTime() - now) / 1000;
  for (const [size, unit] of STEPS) {
    if (Math.abs(amount) < size) {
      return relative.format(Math.round(amount), unit);
    }
    amount /= size;
  }
  return '';
}

/** The exact time in the browser's zone, e.g. "6 Dec 2026, 07:30:12". */
export function exactTime(instant) {
  return exact.format(new Date(instant));
}

/** A short local time: "6 Dec, 07:30". */
export function shortTime(instant) {
  return short.format(new Date(instant));
}

/** A <time> that reads relative ("3 minutes ago") and shows the exact local time on hover and to screen readers. */
export function when(instant) {
  if (!instant) {
    return h('span', { class: 'muted' }, 'never');
  }
  const label = exactTime(instant);
  return h('time', { datetime: instant, title: label, 'aria-label': label, 'data-relative': '' }, ago(instant));
}

/** Brings every relative time on the page up to date (they age while the page stays open). */
export function refreshRelativeTimes(root = document) {
  for (const time of root.querySelectorAll('time[data-relative]')) {
    time.textContent = ago(time.getAttribute('datetime'));
  }
}

/** A job or backfill state as a coloured badge. */
export function badge(state) {
  const text = state ? String(state) : 'none';
  return h('span', { class: 'badge state-' + text.toLowerCase().replace(/[^a-z_]/g, '') }, text);
}

const TYPE_NAMES = { steps: 'Steps', heart_rate: 'Heart rate', sleep: 'Sleep', weight: 'Weight', activities: 'Activities' };
export const DATA_TYPES = Object.keys(TYPE_NAMES);

export function typeName(type) {
  return TYPE_NAMES[type] || type;
}

/** "PT1H" as "every 1 h"; null as "manual only". */
export function scheduleText(schedule) {
  if (!schedule) {
    return 'manual only';
  }
  const match = /^PT?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(schedule);
  if (!match) {
    return 'every ' + schedule;
  }
  const [, d, hours, m, s] = match;
  return 'every ' + [d && d + ' d', hours && hours + ' h', m && m + ' min', s && s + ' s'].filter(Boolean).join(' ');
}

/** A labelled form control with the place its refusal is shown in (id `error-<name>`). */
export function field(label, name, control, hint) {
  control.id = control.id || 'field-' + name;
  control.name = name;
  const error = h('p', { class: 'field-error', id: 'error-' + name, 'aria-live': 'polite' });
  control.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null, error);
}

/** Shows a problem+json refusal beside the field it names, or at the form's top when it names none. */
export function showProblem(form, problem) {
  for (const error of form.querySelectorAll('.field-error')) {
    error.textContent = '';
  }
  const name = problem.field ? problem.field.split('.')[0] : null;
  const beside = name ? form.querySelector('#error-' + CSS.escape(name)) : null;
  const target = beside || form.querySelector('.form-error');
  if (target) {
    target.textContent = problem.detail || problem.title || 'refused';
  }
}

export function clearProblems(form) {
  for (const error of form.querySelectorAll('.field-error, .form-error')) {
    error.textContent = '';
  }
}

/** A select of options [{value, label}]. */
export function select(options, selected, attributes = {}) {
  return h('select', attributes, options.map(o => h('option', { value: o.value, selected: o.value === selected }, o.label)));
}

/** Shows a notice at the page's top (the shell listens). */
export function announce(text, kind = 'info') {
  window.dispatchEvent(new CustomEvent('syncwell:notice', { detail: { text, kind } }));
}

/** Runs fn every `ms` while the view is shown; answers the function that stops it. Errors show once, polling goes on. */
export function every(ms, fn) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    try {
      await fn();
    } catch (error) {
      announce(error.message, 'error');
    }
    if (!stopped) {
      timer = setTimeout(tick, ms);
    }
  };
  timer = setTimeout(tick, ms);
  return () => { stopped = true; clearTimeout(timer); };
}

/**
 * Fills an element only when what it shows changed: polling then leaves it alone — and with it the focus of a person
 * moving through its buttons by keyboard.
 */
export function fillIfChanged(element, data, render) {
  const shown = JSON.stringify(data);
  if (lastShown.get(element) === shown) {
    return;
  }
  lastShown.set(element, shown);
  render();
}

const lastShown = new WeakMap();
