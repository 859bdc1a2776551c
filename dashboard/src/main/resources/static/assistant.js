// The Gemini assistant on the finding page and on /assistant. Every value from the API is inserted as
// text (DG.el), never as HTML: an answer that contains markup shows it as characters.
'use strict';

const DGA = {};

/** The answer's text with each cited finding id as a link; other text stays plain. */
DGA.linkedText = function (text, citations) {
  const cited = new Set(citations || []);
  const out = DG.el('div', {class: 'answer'});
  const re = /\[([A-Za-z][A-Za-z0-9]*-[A-Za-z0-9._-]{1,80})\]/g;
  let last = 0, m;
  while ((m = re.exec(text)) !== null) {
    out.append(text.slice(last, m.index));
    out.append(cited.has(m[1])
        ? DG.el('a', {href: '/findings/' + encodeURIComponent(m[1]), class: 'mono cite', title: 'finding ' + m[1]}, m[1])
        : m[0]);
    last = re.lastIndex;
  }
  out.append(text.slice(last));
  return out;
};

const rec = r => r ? r.replace(/_/g, ' ') : DG.DASH;

DGA.meta = function (meta) {
  if (!meta) return null;
  return DG.el('div', {class: 'small muted assistant-meta', title: 'shown to Admins'},
      meta.model || DG.DASH, ' · ', DG.duration(meta.latency_ms), ' · ',
      (meta.prompt_tokens ?? DG.DASH) + ' input / ' + (meta.output_tokens ?? DG.DASH) + ' output tokens',
      meta.finish_reason && meta.finish_reason !== 'STOP' ? ' · finish reason ' + meta.finish_reason : '');
};

DGA.tools = function (calls) {
  if (!calls || !calls.length) return null;
  return DG.el('details', {class: 'small muted'}, DG.el('summary', {}, 'Looked up ' + calls.length + (calls.length === 1 ? ' time' : ' times') + ' (read-only)'),
      DG.el('ul', {}, calls.map(c => DG.el('li', {class: 'mono'},
          c.name + '(' + Object.entries(c.args || {}).map(([k, v]) => k + '=' + JSON.stringify(v)).join(', ') + ')',
          c.refused ? DG.el('b', {class: 'overdue'}, ' refused: not a read-only tool') : ' → ' + c.rows + ' rows',
          c.error && !c.refused ? ' · ' + c.error : ''))));
};

/** One model turn: text with links, the policy's recommendation, warnings, tools, meta. */
DGA.answer = function (m) {
  const text = m.text !== undefined ? m.text : m.answer;
  return DG.el('div', {class: 'turn model'},
      DGA.linkedText(text, m.citations),
      m.recommendation ? DG.el('p', {class: 'small policy'}, 'Recommendation (DriftGuard policy engine, not the assistant): ',
          DG.el('b', {}, rec(m.recommendation))) : null,
      m.contradicts_policy ? DG.el('div', {class: 'notice warn small'}, 'This answer names a different recommendation than the policy engine. The policy\'s recommendation (',
          rec(m.recommendation), ') stands; the assistant cannot change it.') : null,
      (m.removed_citations || []).length ? DG.el('div', {class: 'notice warn small'},
          'Removed finding ids the model named that do not exist: ', m.removed_citations.join(', ')) : null,
      DGA.failedLookups(m.tool_calls), DGA.tools(m.tool_calls), DGA.meta(m.meta));
};

/** Look-ups that failed (not refused): the answer was written without their rows, so say so. */
DGA.failedLookups = function (calls) {
  const failed = (calls || []).filter(c => c.error && !c.refused);
  if (!failed.length) return null;
  return DG.el('div', {class: 'notice warn small'},
      failed.length + (failed.length === 1 ? ' look-up' : ' look-ups') + ' failed, so this answer may be incomplete: ' + failed[0].error);
};

DGA.question = m => DG.el('div', {class: 'turn user'}, DG.el('span', {class: 'muted small'}, 'You: '), m.text);

/** The off state: say the assistant exists and how to turn it on. */
DGA.off = function (status) {
  return DG.el('div', {id: 'assistant-off'},
      DG.el('p', {class: 'muted'}, 'DriftGuard has a Gemini assistant that answers follow-up questions about this finding and across findings, with every answer citing the findings it used. It is off on this dashboard.'),
      DG.el('p', {class: 'muted'}, 'An administrator turns it on by setting ', DG.el('code', {}, 'GEMINI_API_KEY'),
          ' (driftguard.assistant.api-key) and restarting the dashboard. Secrets are masked before anything is sent; resource ids, actor names and IP addresses are sent to Google\'s Gemini, so leave it off where that is not acceptable.'),
      status && status.how_to_enable ? DG.el('p', {class: 'small muted'}, status.how_to_enable) : null);
};

/**
 * A conversation box: history, question, Ask, Start over. {@code base} is the API prefix:
 * /api/findings/<id> or /api/assistant.
 */
DGA.conversation = async function (base, status, placeholder) {
  const box = DG.el('div', {class: 'conversation', id: 'assistant-conversation'});
  const history = DG.el('div', {class: 'history'});
  const msg = DG.el('div', {});
  const question = DG.el('textarea', {id: 'assistant-question', placeholder, maxlength: 2000});
  const draw = list => history.replaceChildren(...list.map(m => m.role === 'user' ? DGA.question(m) : DGA.answer(m)));
  try { draw(await DG.api(base + '/conversation')); } catch (e) { DG.showError(msg, e); }
  const ask = DG.el('button', {class: 'primary', id: 'assistant-ask', onclick: async () => {
    const q = question.value.trim();
    if (!q) return;
    ask.disabled = true;
    msg.replaceChildren(DG.el('p', {class: 'muted'}, 'Asking ' + status.model + '…'));
    try {
      const a = await DG.api(base + '/ask', {method: 'POST', body: {question: q}});
      history.append(DGA.question({text: q}), DGA.answer(a));
      question.value = '';
      msg.replaceChildren();
    } catch (e) { DG.showError(msg, e); }
    ask.disabled = false;
  }}, 'Ask');
  const reset = DG.el('button', {class: 'secondary', onclick: async () => {
    try { await DG.api(base + '/conversation/reset', {method: 'POST', body: {}}); draw([]); } catch (e) { DG.showError(msg, e); }
  }}, 'Start over');
  box.append(history, question, DG.el('div', {style: 'display:flex;gap:8px;margin-top:6px'}, ask, reset), msg,
      DG.el('p', {class: 'small muted'}, 'Answers come from ' + status.model + ' through read-only look-ups; they explain, they do not decide. Secrets are masked before anything is sent, and each request is kept for audit.'));
  return box;
};

/** The first analysis of a high-severity finding, if there is one. */
DGA.analysis = async function (findingId) {
  const a = await DG.api('/api/findings/' + encodeURIComponent(findingId) + '/analysis').catch(() => null);
  if (!a) return null;
  if (a.state === 'failed') {
    return DG.el('div', {id: 'assistant-analysis', class: 'small muted'}, 'The first analysis could not be written: ', a.error);
  }
  return DG.el('div', {id: 'assistant-analysis'}, DG.el('h3', {class: 'small'}, 'First analysis'),
      DGA.linkedText(a.text, a.citations), DG.el('div', {class: 'small muted'}, 'Written once when the finding was detected. ',
          a.slack_posted_at ? 'Posted in the finding\'s Slack thread ' + DG.time(a.slack_posted_at) + '. ' : '',
          DG.copyButton(a.text, 'analysis')), DGA.meta(a.meta));
};

/** The panel on a finding page. */
DGA.findingPanel = async function (f) {
  const status = await DG.api('/api/assistant').catch(() => ({enabled: false}));
  const section = DG.el('section', {class: 'panel', id: 'assistant'}, DG.el('h2', {}, 'Assistant'));
  if (!status.enabled) { section.append(DGA.off(status)); return section; }
  const base = '/api/findings/' + encodeURIComponent(f.finding_id);
  const [analysis, conversation] = await Promise.all([DGA.analysis(f.finding_id),
    DGA.conversation(base, status, 'Ask about this finding, e.g. "Why is this an emergency fix?", then follow up ("why not revert?")')]);
  section.append(...[analysis, conversation].filter(Boolean));
  return section;
};
