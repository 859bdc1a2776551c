// DriftGuard dashboard helpers shared by the pages. Every value from the API is inserted as text
// (textContent), never as HTML, so a resource name or comment cannot inject markup.
'use strict';

const DG = {};

/** Builds an element: el('td', {class: 'x'}, 'text', childNode, ...). Null children are skipped. */
DG.el = function (tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
};

DG.DASH = '—';
DG.text = v => (v === null || v === undefined || v === '') ? DG.DASH : String(v);
DG.pending = (label) => DG.el('span', {class: 'pending'}, label || 'pending judgement');

DG.time = function (iso) {
  if (!iso) return DG.DASH;
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/:\d\dZ$/, m => m);
};

/** A duration in milliseconds as people say it: "850 ms", "4 s", "3 min 12 s", "2 h 5 min", "3 d 4 h". */
DG.duration = function (ms) {
  if (typeof ms !== 'number' || isNaN(ms)) return DG.DASH;
  const sign = ms < 0 ? '−' : '';
  ms = Math.abs(ms);
  if (ms < 1000) return sign + Math.round(ms) + ' ms';
  const s = Math.round(ms / 1000);
  if (s < 60) return sign + s + ' s';
  const m = Math.floor(s / 60), h = Math.floor(m / 60), d = Math.floor(h / 24);
  if (m < 60) return sign + m + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  if (h < 24) return sign + h + ' h' + (m % 60 ? ' ' + (m % 60) + ' min' : '');
  return sign + d + ' d' + (h % 24 ? ' ' + (h % 24) + ' h' : '');
};

/** "12 s ago", "3 h ago" (or "in 5 s" for a clock ahead of this browser's). */
DG.ago = function (iso) {
  if (!iso) return DG.DASH;
  const ms = Date.now() - new Date(iso).getTime();
  if (isNaN(ms)) return String(iso);
  if (ms < -1000) return 'in ' + DG.duration(-ms);
  if (ms < 5000) return 'just now';
  return DG.duration(ms).replace(/ \d+ (s|min|h)$/, '') + ' ago';
};

/** A relative time with the exact UTC time as its tooltip; app.js refreshes these every 15 s. */
DG.relTime = function (iso) {
  if (!iso) return DG.DASH;
  return DG.el('time', {datetime: iso, title: DG.time(iso), class: 'rel'}, DG.ago(iso));
};
setInterval(() => document.querySelectorAll('time.rel').forEach(t => { t.textContent = DG.ago(t.getAttribute('datetime')); }), 15000);

/** Detection lag: from the first diverging change to DriftGuard's detection, in milliseconds. */
DG.lagMillis = f => (f && f.detected_at && f.first_event_time)
    ? new Date(f.detected_at).getTime() - new Date(f.first_event_time).getTime() : NaN;

/** Detection lag as a small label, coloured when it is longer than a minute. */
DG.lag = function (f) {
  const ms = DG.lagMillis(f);
  if (isNaN(ms)) return DG.DASH;
  return DG.el('span', {class: 'lag' + (ms > 60000 ? ' slow' : ''), title: 'detection lag: first change to detection'}, DG.duration(ms));
};

// A finding's version as people read it: the job numbers the n-th judgement of update u as u * 1000 + n,
// so 3002 is update 3, judged a second time (new evidence), shown as "3.2". Smaller numbers are shown as they are.
DG.version = function (v) {
  if (typeof v !== 'number' || v < 1000) return DG.text(v);
  return Math.floor(v / 1000) + '.' + (v % 1000);
};

DG.pct = v => (typeof v === 'number') ? Math.round(v * 100) + '%' : DG.DASH;

DG.cookie = function (name) {
  const m = document.cookie.match('(?:^|; )' + name + '=([^;]*)');
  return m ? decodeURIComponent(m[1]) : null;
};

/** Calls the JSON API. 401 sends the user to the login form; other errors throw with the reason. */
DG.api = async function (url, options) {
  const opts = Object.assign({method: 'GET', headers: {}}, options || {});
  opts.headers['X-Requested-With'] = 'fetch';
  opts.headers['Accept'] = 'application/json';
  if (opts.body !== undefined && typeof opts.body !== 'string') {
    opts.body = JSON.stringify(opts.body);
    opts.headers['Content-Type'] = 'application/json';
  }
  if (opts.method !== 'GET') {
    const token = DG.cookie('XSRF-TOKEN');
    if (token) opts.headers['X-XSRF-TOKEN'] = token;
  }
  const res = await fetch(url, opts);
  if (res.status === 401) { location.href = '/login'; throw new Error('signed out'); }
  const body = res.status === 204 ? null : await res.text();
  let json = null;
  try { json = body ? JSON.parse(body) : null; } catch (e) { /* not JSON */ }
  if (!res.ok) {
    const reason = (json && (json.detail || json.error || json.message)) || (res.status === 403 ? 'not allowed for your role' : res.statusText);
    const err = new Error(reason);
    err.status = res.status;
    throw err;
  }
  return json;
};

DG.me = null;
DG.hasRole = r => !!(DG.me && DG.me.roles.includes(r));

/** Draws the top bar and resolves the signed-in user. */
DG.header = async function (active) {
  const me = await DG.api('/api/me');
  DG.me = me;
  const link = (href, label, key) => DG.el('a', {href, class: key === active ? 'active' : null}, label);
  // Logout is a POST with the CSRF header, like every other change (a GET could be forged).
  const logout = DG.el('button', {type: 'button', onclick: async () => {
    await fetch('/logout', {method: 'POST', headers: {'X-XSRF-TOKEN': DG.cookie('XSRF-TOKEN') || ''}, redirect: 'manual'});
    location.href = '/login?logout';
  }}, 'Sign out');
  const bar = DG.el('header', {class: 'top'},
      DG.el('span', {class: 'brand'}, 'DriftGuard'),
      DG.el('nav', {},
          link('/', 'Drift feed', 'feed'),
          link('/correlations', 'Correlations', 'correlations'),
          link('/approvals', 'Approvals', 'approvals'),
          link('/outcomes', 'Outcomes', 'outcomes'),
          link('/assistant', 'Assistant', 'assistant'),
          DG.hasRole('admin') ? link('/admin', 'Admin', 'admin') : null,
          DG.hasRole('admin') ? link('/admin/models', 'Models', 'models') : null),
      DG.el('span', {class: 'user'}, me.name + ' (' + me.roles[me.roles.length - 1] + ')', logout));
  document.body.prepend(bar);
  return me;
};

DG.severity = function (s) {
  return s ? DG.el('span', {class: 'badge ' + s}, s) : DG.pending('pending');
};

/** The cause_scores object as bars, the chosen cause first and highlighted. */
DG.causeBars = function (finding, limit) {
  const scores = finding.cause_scores;
  if (!finding.cause && !scores) return DG.pending();
  if (!scores) {
    return DG.el('div', {}, DG.el('b', {}, finding.cause), ' ', DG.el('span', {class: 'muted'}, DG.pct(finding.cause_confidence)));
  }
  const entries = Object.entries(scores).sort((a, b) => (b[0] === finding.cause) - (a[0] === finding.cause) || b[1] - a[1]);
  const box = DG.el('div', {class: 'bars'});
  for (const [cause, score] of entries.slice(0, limit || entries.length)) {
    const w = Math.max(0, Math.min(1, Number(score) || 0)) * 100;
    box.append(DG.el('div', {class: 'bar' + (cause === finding.cause ? ' top' : ''), title: cause + ': ' + DG.pct(score)},
        DG.el('span', {}, cause.replace(/_/g, ' ')),
        DG.el('span', {class: 'track'}, DG.el('span', {class: 'fill', style: 'display:block;width:' + w.toFixed(1) + '%'})),
        DG.el('span', {class: 'muted'}, DG.pct(score))));
  }
  return box;
};

DG.actor = function (a) {
  if (!a) return DG.DASH;
  return DG.el('span', {title: a.id || ''}, a.display || a.id || DG.DASH, ' ',
      DG.el('span', {class: 'muted small'}, a.type ? '(' + a.type + ')' : ''));
};

/** A button that copies {@code text} to the clipboard and says so. */
DG.copyButton = function (text, what) {
  const b = DG.el('button', {type: 'button', class: 'copy', title: 'Copy the ' + (what || 'text').toLowerCase()}, 'Copy');
  b.addEventListener('click', async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
      else {
        // Plain-HTTP dashboards have no Clipboard API: copy through a selected, off-screen textarea.
        const t = DG.el('textarea', {style: 'position:fixed;left:-9999px;top:0'}, text);
        document.body.append(t); t.select(); document.execCommand('copy'); t.remove();
      }
      b.textContent = 'Copied'; b.classList.add('done');
    } catch (e) { b.textContent = 'Copy failed'; }
    setTimeout(() => { b.textContent = 'Copy'; b.classList.remove('done'); }, 2000);
  });
  return b;
};

/**
 * Shortens long resource ids in the middle so both ends stay readable on one line
 * ("/subscriptions/0000-sub/…/storageAccounts/logs-1"); the full id stays in the title.
 * Elements: class "rid" with the full id in data-full.
 */
DG.fitIds = function (root) {
  const ids = root.querySelectorAll('.rid');
  if (!ids.length) return;
  const probe = DG.el('span', {class: 'mono', style: 'position:absolute;visibility:hidden;white-space:pre'}, 'x'.repeat(40));
  document.body.append(probe);
  const charWidth = probe.getBoundingClientRect().width / 40 || 7.5;
  probe.remove();
  for (const a of ids) {
    const full = a.dataset.full;
    const cell = getComputedStyle(a.parentElement);
    const width = a.parentElement.clientWidth - parseFloat(cell.paddingLeft) - parseFloat(cell.paddingRight);
    const room = Math.floor(width / charWidth) - 1;
    if (room < 8 || full.length <= room) { a.textContent = full; continue; }
    const head = Math.max(4, Math.floor(room * 0.4));
    a.textContent = full.slice(0, head) + '…' + full.slice(full.length - (room - head - 1));
  }
};

DG.showError = function (where, err) {
  where.replaceChildren(DG.el('div', {class: 'notice error'}, String(err.message || err)));
};
