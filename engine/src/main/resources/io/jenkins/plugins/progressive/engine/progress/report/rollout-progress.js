/*
 * Rollout progress renderer (schema version 1, docs/progress.md). One file for both pages:
 *  - the standalone report: <div data-rollout-progress data-snapshot-element="ID"> reads <script type="application/json" id="ID">;
 *  - the build page: <div data-rollout-progress data-snapshot-url="URL" data-poll-ms="2000"> polls the JSON until the
 *    rollout has finished. With data-approve-url and data-reject-url (and Jenkins' data-crumb-field/data-crumb) an
 *    actionable pending approval gets a plain form POST with Approve and Reject: no script is needed to submit.
 * Plain DOM and hand-drawn SVG, no library. CSP-safe for Jenkins: no inline handlers, no eval, no style attributes
 * (only classes and SVG presentation attributes); every text goes in through textContent, never as HTML.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var FINISHED = ['succeeded', 'rolled-back', 'paused', 'failed', 'refused'];
  var STATES = {
    'running': 'Running',
    'awaiting-approval': 'Awaiting approval',
    'succeeded': 'Succeeded',
    'rolled-back': 'Rolled back',
    'paused': 'Paused for a person',
    'failed': 'Failed',
    'refused': 'Refused, nothing changed'
  };
  var STRATEGIES = { 'rolling': 'Rolling update', 'canary': 'Canary', 'blue-green': 'Blue/green' };
  var STEP_STATES = { pending: 'not reached', running: 'in progress', passed: 'passed', failed: 'failed', halted: 'halted here' };
  var VERDICTS = { pass: 'pass', fail: 'fail', inconclusive: 'inconclusive', error: 'error' };
  var uid = 0;

  // ---- DOM helpers -------------------------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
  }

  /** A small icon; always next to a word that says the same, so no meaning rests on shape or colour alone. */
  function icon(name) {
    var paths = {
      check: 'M3 8.5l3.2 3.2L13 4.8',
      cross: 'M4 4l8 8M12 4l-8 8',
      pause: 'M5.5 3.5v9M10.5 3.5v9',
      undo: 'M6 3.5L2.8 6.7 6 9.9M3 6.7h6.5a3.6 3.6 0 010 7.2H7',
      stop: 'M3.5 3.5h9v9h-9z',
      warn: 'M8 2.5l6 11H2zM8 6.5v3.5M8 11.6v.4',
      dot: 'M8 5.5a2.5 2.5 0 110 5 2.5 2.5 0 110-5z',
      ring: 'M8 3.5a4.5 4.5 0 110 9 4.5 4.5 0 110-9z'
    };
    return svg('svg', { 'class': 'pdp-icon pdp-icon--' + name, viewBox: '0 0 16 16', width: 16, height: 16,
      'aria-hidden': 'true', focusable: 'false' }, svg('path', { d: paths[name] }));
  }

  var STATE_ICONS = { 'running': 'dot', 'awaiting-approval': 'pause', 'succeeded': 'check', 'rolled-back': 'undo',
    'paused': 'pause', 'failed': 'cross', 'refused': 'stop' };
  var STEP_ICONS = { pending: 'ring', running: 'dot', passed: 'check', failed: 'cross', halted: 'pause' };
  var VERDICT_ICONS = { pass: 'check', fail: 'cross', inconclusive: 'warn', error: 'stop' };

  // ---- formatting --------------------------------------------------------------------------------------------

  function ms(iso) { return iso ? Date.parse(iso) : NaN; }

  function clock(iso) {
    if (!iso) return '–';
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  }

  function dateTime(iso) {
    if (!iso) return '–';
    return new Date(iso).toLocaleString([], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit',
      minute: '2-digit', second: '2-digit', hour12: false });
  }

  function duration(millis) {
    if (!isFinite(millis) || millis < 0) return '–';
    var s = Math.round(millis / 1000);
    if (s < 60) return s + ' s';
    var m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + (s % 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function number(v, digits) {
    return String(parseFloat(v.toPrecision(digits || 3)));
  }

  function value(v, unit) {
    if (v === null || v === undefined) return 'no value';
    if (unit === 'percent') return number(v * 100) + '%';
    if (unit === 'seconds') return Math.abs(v) < 1 ? number(v * 1000) + ' ms' : number(v) + ' s';
    if (unit === 'bytes') {
      var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
      var i = 0;
      while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
      return number(v) + ' ' + units[i];
    }
    return number(v, 4);
  }

  function stateLabel(snap) {
    if (snap.state === 'succeeded' && snap.strategy !== 'rolling') return 'Promoted';
    if (snap.state === 'rolled-back' && snap.strategy === 'blue-green' && switchedBack(snap)) return 'Switched back';
    return STATES[snap.state] || snap.state;
  }

  function switchedBack(snap) {
    return ((snap.traffic || {}).samples || []).some(function (s) { return s.marker === 'rollback'; });
  }

  function stepName(snap, id) {
    var step = (snap.steps || []).filter(function (s) { return s.id === id; })[0];
    return step ? step.label : (id || '–');
  }

  // ---- sections ----------------------------------------------------------------------------------------------

  function header(snap, level) {
    var t = snap.target;
    var facts = [
      ['Service', t.service], ['Workload', t.kind + ' ' + t.name], ['Namespace', t.namespace],
      ['Cluster', t.cluster || 'default'], ['Images', (t.images || []).join(', ')],
      ['Started', dateTime(snap.startedAt)],
      [snap.finishedAt ? 'Took' : 'Elapsed', duration((snap.finishedAt ? ms(snap.finishedAt)
        : (liveNow(snap) || ms(snap.updatedAt))) - ms(snap.startedAt))]
    ];
    return el('header', { 'class': 'pdp-header' }, [
      el('p', { 'class': 'pdp-kicker', text: STRATEGIES[snap.strategy] || snap.strategy }),
      el('h' + level, { 'class': 'pdp-title' }, [
        el('span', { 'class': 'pdp-name', text: t.name }), ' ',
        el('span', { 'class': 'pdp-versions', 'data-field': 'versions',
          text: (snap.fromVersion || 'unknown') + ' → ' + snap.toVersion })
      ]),
      el('p', { 'class': 'pdp-state pdp-state--' + snap.state, 'data-field': 'state', 'data-state': snap.state },
        [icon(STATE_ICONS[snap.state] || 'dot'), el('span', { text: stateLabel(snap) })]),
      el('dl', { 'class': 'pdp-facts' }, facts.map(function (f) {
        return el('div', { 'class': 'pdp-fact' }, [el('dt', { text: f[0] }), el('dd', { text: f[1] || '–' })]);
      }))
    ]);
  }

  function liveNow(snap) {
    return snap.__live && FINISHED.indexOf(snap.state) < 0 ? Date.now() : 0;
  }

  function summary(snap, level) {
    var parts = [];
    if (snap.reason) {
      parts.push(el('p', { 'class': 'pdp-reason', 'data-field': 'reason', text: snap.reason }));
    } else if (snap.activity) {
      parts.push(el('p', { 'class': 'pdp-activity', 'data-field': 'activity' }, [
        el('strong', { text: 'Now: ' }), snap.activity.phase + ' — ' + snap.activity.message,
        ' (since ' + clock(snap.activity.since) + ')']));
    } else {
      parts.push(el('p', { 'class': 'pdp-activity', 'data-field': 'activity', text: 'Starting: no event yet.' }));
    }
    var human = snap.state === 'paused' || snap.state === 'awaiting-approval';
    return el('section', { 'class': 'pdp-summary pdp-summary--' + snap.state + (human ? ' pdp-callout' : ''),
      'aria-live': FINISHED.indexOf(snap.state) < 0 ? 'polite' : null }, [
      el('h' + level, { text: human ? 'Waiting for a person' : snap.reason ? 'Outcome' : 'Progress' })
    ].concat(parts));
  }

  function warnings(snap, level) {
    if (!snap.warnings || !snap.warnings.length) return null;
    return section('Warnings (' + snap.warnings.length + ')', level, 'warnings', el('ul', { 'class': 'pdp-warnings' },
      snap.warnings.map(function (w) {
        return el('li', {}, [icon('warn'), el('span', { 'class': 'pdp-sr', text: 'Warning: ' }), w.text]);
      })));
  }

  function section(title, level, key, body) {
    return el('section', { 'class': 'pdp-section pdp-section--' + key, 'aria-labelledby': 'pdp-h-' + key + '-' + uid },
      [el('h' + level, { id: 'pdp-h-' + key + '-' + uid, text: title })].concat(body));
  }

  function track(snap) {
    return el('ol', { 'class': 'pdp-track' }, (snap.steps || []).map(function (step, i) {
      var at = step.weight !== null && step.weight !== undefined && step.kind !== 'weight'
        ? ' (at ' + step.weight + '% of traffic)' : '';
      var kind = step.kind === 'batch' ? 'batch ' + (i + 1) + ': ' + step.percent + '% of replicas'
        : step.kind === 'weight' ? step.weight + '% of traffic' : (step.detail || step.kind) + at;
      var decisions = step.decisions || [];
      return el('li', { 'class': 'pdp-step pdp-step--' + step.state, 'data-step': step.id, 'data-step-state': step.state,
        'aria-current': step.state === 'running' ? 'step' : null }, [
        el('div', { 'class': 'pdp-step-head' }, [
          el('span', { 'class': 'pdp-step-marker' }, icon(STEP_ICONS[step.state] || 'ring')),
          el('span', { 'class': 'pdp-step-label', text: step.label }),
          el('span', { 'class': 'pdp-step-state', text: STEP_STATES[step.state] || step.state })
        ]),
        el('p', { 'class': 'pdp-step-kind', text: kind }),
        step.outcome ? el('p', { 'class': 'pdp-step-outcome', text: step.outcome }) : null,
        decisions.length ? el('details', { 'class': 'pdp-decisions', 'data-key': 'decisions-' + step.id }, [
          el('summary', { text: decisions.length + (decisions.length === 1 ? ' decision' : ' decisions') }),
          el('ul', {}, decisions.map(function (d) {
            return el('li', { 'class': d.positive ? 'pdp-good' : 'pdp-bad' }, [icon(d.positive ? 'check' : 'cross'),
              el('span', { 'class': 'pdp-sr', text: d.positive ? 'Passed: ' : 'Against: ' }),
              el('time', { datetime: d.time, text: clock(d.time) }), ' ', d.text]);
          }))
        ]) : null
      ]);
    }));
  }

  function traffic(snap, width) {
    var t = snap.traffic || { routing: null, samples: [] };
    if (!t.samples || !t.samples.length) {
      return el('p', { 'class': 'pdp-empty', 'data-field': 'traffic', text: t.routing
        ? 'No traffic weights recorded yet (routing: ' + t.routing + ').'
        : 'No traffic routing: a rolling update sends requests to whichever pods are ready, so the new version\u2019s '
          + 'share follows its ready replicas (see Replicas).' });
    }
    return window.RolloutCharts.traffic(snap, width);
  }

  function replicas(snap, width) {
    var samples = snap.replicas || [];
    if (!samples.length) {
      return el('p', { 'class': 'pdp-empty', 'data-field': 'replicas', text: snap.strategy === 'rolling'
        ? 'No replica counts yet.' : 'No replica counts yet: they appear once the new version\u2019s Deployment is '
          + 'written.' });
    }
    var last = samples[samples.length - 1];
    // Canary and blue/green run each version in its own Deployment (older snapshots have no deployments field).
    var deployments = last.deployments || [];
    var perDeployment = deployments.length > 0;
    var now = perDeployment ? deployments.map(function (d) {
      return el('p', { 'class': 'pdp-counts', 'data-field': 'replica-counts-' + d.deployment },
        [el('span', { 'class': 'pdp-count-name', text: d.role + ' ' + d.version + ' (' + d.deployment + '): ' })]
          .concat(counts(d)));
    }).concat([window.RolloutCharts.deploymentBars(snap, last, width)])
      : [el('p', { 'class': 'pdp-counts', 'data-field': 'replica-counts' }, counts(last))];
    return now.concat([
      perDeployment ? el('p', { 'class': 'pdp-caption', text: 'Pods per version, both Deployments together:' }) : null,
      window.RolloutCharts.versionBars(snap, last, width),
      window.RolloutCharts.replicasOverTime(snap, width),
      el('details', { 'class': 'pdp-data', 'data-key': 'replica-table' }, [
        el('summary', { text: 'Replica counts as a table (' + samples.length + ' samples)' }),
        table(['Time', 'Step', 'Desired', 'Updated', 'Ready', 'Available', 'Per version']
          .concat(perDeployment ? ['Per Deployment (desired/updated/ready/available)'] : []), samples.map(function (s) {
          return [clock(s.time), stepName(snap, s.step), s.desired, s.updated, s.ready, s.available,
            s.versions.map(function (v) { return v.version + ': ' + v.replicas; }).join(', ')]
            .concat(perDeployment ? [(s.deployments || []).map(function (d) {
              return d.role + ' ' + d.version + ': ' + d.desired + '/' + d.updated + '/' + d.ready + '/' + d.available;
            }).join(', ')] : []);
        }))
      ])
    ]);
  }

  /** desired 4 · updated 4 · ready 3 · available 3: every count named, the number emphasised. */
  function counts(c) {
    return [['desired', c.desired], ['updated', c.updated], ['ready', c.ready], ['available', c.available]]
      .map(function (pair, i) {
        return el('span', { 'class': 'pdp-count' }, [(i ? ' \u00b7 ' : ''), pair[0] + ' ', el('strong', { text: pair[1] })]);
      });
  }

  function checks(snap, width) {
    var list = snap.checks || [];
    if (!list.length) return el('p', { 'class': 'pdp-empty', text: 'This rollout has no metric checks.' });
    return list.map(function (check) {
      var points = check.measurements || [];
      var latest = points[points.length - 1];
      var queries = points.map(function (p) { return p.query; }).filter(function (q, i, all) {
        return q && all.indexOf(q) === i;
      });
      return el('article', { 'class': 'pdp-check', 'data-check': check.name }, [
        el('h4', {}, [check.name, ' ', el('span', { 'class': 'pdp-condition',
          text: check.condition ? 'passes when ' + check.condition : 'condition not recorded' }),
          check.dryRun ? el('span', { 'class': 'pdp-tag', text: 'dry run' }) : null]),
        latest ? el('p', { 'class': 'pdp-latest pdp-verdict--' + latest.verdict, 'data-field': 'latest' }, [
          icon(VERDICT_ICONS[latest.verdict] || 'warn'), 'Latest: ',
          el('strong', { text: latest.values.map(function (v) { return value(v, check.unit); }).join(', ') || 'no value' }),
          ' — ' + (VERDICTS[latest.verdict] || latest.verdict) + ' (' + points.length + ' measurement'
            + (points.length === 1 ? '' : 's') + ')'])
          : el('p', { 'class': 'pdp-empty', text: 'No measurements with numbers were recorded; the gates\u2019 '
            + 'decisions are listed under each step.' }),
        // The check's panel has its own padding and border.
        points.length ? window.RolloutCharts.check(snap, check, width - 26) : null,
        points.length ? el('details', { 'class': 'pdp-data', 'data-key': 'check-table-' + check.name }, [
          el('summary', { text: 'Measurements and explanations' }),
          table(['Time', 'Step', 'Value', 'Verdict', 'Explanation'], points.map(function (p) {
            return [clock(p.time), stepName(snap, p.step), p.values.map(function (v) { return value(v, check.unit); })
              .join(', '), VERDICTS[p.verdict] || p.verdict, p.explanation];
          }))
        ]) : null,
        queries.length ? el('details', { 'class': 'pdp-query', 'data-key': 'query-' + check.name }, [
          el('summary', { text: queries.length === 1 ? 'Resolved query' : 'Resolved queries (' + queries.length + ')' })
        ].concat(queries.map(function (q) { return el('pre', {}, el('code', { text: q })); }))) : null
      ]);
    });
  }

  var APPROVAL_STATES = { pending: 'waiting for a decision', approved: 'approved', rejected: 'rejected',
    'timed-out': 'timed out', cancelled: 'cancelled (the rollout ended first)' };
  var APPROVAL_ICONS = { pending: 'pause', approved: 'check', rejected: 'cross', 'timed-out': 'stop', cancelled: 'stop' };

  /** Pending approvals first and framed: they are what a person on this page may have to do. */
  function approvals(snap, level, mode, root) {
    var list = (snap.approvals || []).slice().sort(function (a, b) {
      return (a.state === 'pending' ? 0 : 1) - (b.state === 'pending' ? 0 : 1);
    });
    if (!list.length) return null;
    return section('Approvals', level, 'approvals', el('ul', { 'class': 'pdp-approvals' }, list.map(function (a) {
      var pending = a.state === 'pending';
      var decided = a.decidedAt && !pending;
      return el('li', { 'class': 'pdp-approval pdp-approval--' + a.state + (pending ? ' pdp-callout' : ''),
        'data-approval': a.gate, 'data-approval-id': a.id || null, 'data-approval-state': a.state }, [
        el('p', { 'class': 'pdp-approval-head' }, [icon(APPROVAL_ICONS[a.state] || 'dot'),
          el('strong', { text: a.gate }), ': ' + (APPROVAL_STATES[a.state] || a.state),
          a.by ? ' by ' + a.by : null, decided ? ' at ' + clock(a.decidedAt) : null,
          pending ? ' since ' + clock(a.requestedAt) : null,
          // Only a live page knows how long it has been; a report's "now" is whenever someone opens it.
          pending && liveNow(snap) ? ' (' + duration(liveNow(snap) - ms(a.requestedAt)) + ')' : null,
          a.comment ? ' — ' : null, a.comment ? el('q', { text: a.comment }) : null]),
        a.facts && a.facts.length ? el('ul', { 'class': 'pdp-facts-list', 'aria-label': 'What is being approved' },
          a.facts.map(function (f) { return el('li', { text: f }); })) : null,
        pending || (a.approvers && a.approvers.length) ? el('p', { 'class': 'pdp-muted', text: 'May decide: '
          + (a.approvers && a.approvers.length ? a.approvers.join(', ') : 'whoever may run the job') }) : null,
        pending ? decide(a, mode, root) : null
      ]);
    })));
  }

  /**
   * The decision form: only on the live page, for an approval the snapshot marks actionable, and when the page says
   * where to post. A plain POST (the comment, the approval's id, the decision and Jenkins' crumb): no handler, no
   * script, so it works under Jenkins' Content-Security-Policy and even if a poll fails.
   */
  function decide(a, mode, root) {
    var approveUrl = root.getAttribute('data-approve-url');
    var rejectUrl = root.getAttribute('data-reject-url');
    if (mode !== 'live' || !a.actionable || !approveUrl || !rejectUrl || !a.id) {
      return el('p', { 'class': 'pdp-muted', 'data-field': 'approval-where', text: mode === 'live'
        ? 'You cannot decide this one here; the people above can.' : 'Decide on the build page while the rollout waits.' });
    }
    var key = 'comment-' + a.id;
    var crumbField = root.getAttribute('data-crumb-field');
    var crumb = root.getAttribute('data-crumb');
    return el('form', { 'class': 'pdp-decide', method: 'post', action: approveUrl, 'data-field': 'approval-form' }, [
      el('input', { type: 'hidden', name: 'id', value: a.id }),
      crumbField && crumb ? el('input', { type: 'hidden', name: crumbField, value: crumb }) : null,
      el('label', { 'for': 'pdp-' + key + '-' + uid, text: 'Comment (optional)' }),
      el('textarea', { id: 'pdp-' + key + '-' + uid, name: 'comment', rows: 2, 'data-key': key, maxlength: 2000 }),
      el('div', { 'class': 'pdp-actions' }, [
        el('button', { type: 'submit', 'class': 'pdp-button pdp-button--approve', formaction: approveUrl,
          name: 'decision', value: 'approve', 'data-approval-action': 'approve', text: 'Approve' }),
        el('button', { type: 'submit', 'class': 'pdp-button pdp-button--reject', formaction: rejectUrl,
          name: 'decision', value: 'reject', 'data-approval-action': 'reject', text: 'Reject' })
      ])
    ]);
  }

  function flags(snap, level) {
    var list = snap.flagChanges || [];
    if (!list.length) return null;
    return section('Flag changes', level, 'flags', table(['Time', 'Flag', 'Before', 'After', 'Who gets what'],
      list.map(function (f) { return [clock(f.time), f.flag, f.before, f.after, f.preview]; })));
  }

  function eventLog(snap) {
    var list = snap.events || [];
    return el('details', { 'class': 'pdp-log', 'data-key': 'log' }, [
      el('summary', { text: 'Event log (' + list.length + ' events)' }),
      snap.eventsDropped ? el('p', { 'class': 'pdp-muted', text: snap.eventsDropped + ' older events are not kept.' }) : null,
      el('ol', {}, list.map(function (e) {
        var verdict = e.positive === true ? 'ok' : e.positive === false ? 'against' : null;
        return el('li', { 'class': 'pdp-event pdp-event--' + e.kind }, [el('time', { datetime: e.time, text: clock(e.time) }),
          ' ', el('span', { 'class': 'pdp-event-kind', text: e.kind + (verdict ? ' (' + verdict + ')' : '') }), ' ', e.text]);
      }))
    ]);
  }

  function table(headings, rows) {
    return el('div', { 'class': 'pdp-table-wrap' }, el('table', { 'class': 'pdp-table' }, [
      el('thead', {}, el('tr', {}, headings.map(function (h) { return el('th', { scope: 'col', text: h }); }))),
      el('tbody', {}, rows.map(function (r) {
        return el('tr', {}, r.map(function (c) { return el('td', { text: c === null || c === undefined ? '–' : c }); }));
      }))
    ]));
  }

  // ---- page --------------------------------------------------------------------------------------------------

  /** Draws a snapshot into root, keeping which details were open (a live page redraws every poll). */
  function render(root, snap, mode) {
    if (!snap || snap.schemaVersion !== 1) {
      root.replaceChildren(el('p', { 'class': 'pdp-error', role: 'alert',
        text: 'This page reads rollout snapshots of schema version 1; got ' + (snap && snap.schemaVersion) + '.' }));
      return;
    }
    snap.__live = mode === 'live';
    uid++;
    var open = Array.prototype.map.call(root.querySelectorAll('details[open][data-key]'), function (d) {
      return d.getAttribute('data-key');
    });
    // A comment being typed into an approval form survives the redraw of the next poll, caret and all.
    var typed = {};
    Array.prototype.forEach.call(root.querySelectorAll('textarea[data-key]'), function (t) {
      typed[t.getAttribute('data-key')] = { value: t.value, focus: document.activeElement === t,
        start: t.selectionStart, end: t.selectionEnd };
    });
    var level = parseInt(root.getAttribute('data-heading-level') || '2', 10);
    var style = window.getComputedStyle(root);
    var inner = root.clientWidth - parseFloat(style.paddingLeft || '0') - parseFloat(style.paddingRight || '0');
    var width = Math.max(280, Math.min(1150, Math.floor(inner) || 640));
    var sub = Math.min(level + 1, 6);
    root.setAttribute('data-rendered-state', snap.state);
    root.replaceChildren.apply(root, [
      header(snap, level),
      summary(snap, sub),
      approvals(snap, sub, mode, root),
      warnings(snap, sub),
      section('Steps', sub, 'steps', track(snap)),
      section('Traffic', sub, 'traffic', traffic(snap, width)),
      section('Replicas', sub, 'replicas', replicas(snap, width)),
      section('Checks', sub, 'checks', checks(snap, width)),
      flags(snap, sub),
      eventLog(snap),
      el('p', { 'class': 'pdp-footer pdp-muted', text: 'Snapshot schema ' + snap.schemaVersion + ', updated '
        + dateTime(snap.updatedAt) + (mode === 'live' && FINISHED.indexOf(snap.state) < 0 ? ' · live' : '') })
    ].filter(Boolean));
    open.forEach(function (key) {
      var d = root.querySelector('details[data-key="' + key.replace(/["\\]/g, '') + '"]');
      if (d) d.open = true;
    });
    Object.keys(typed).forEach(function (key) {
      var t = root.querySelector('textarea[data-key="' + key.replace(/["\\]/g, '') + '"]');
      if (!t) return;
      t.value = typed[key].value;
      if (typed[key].focus) {
        t.focus();
        t.setSelectionRange(typed[key].start, typed[key].end);
      }
    });
  }

  function fromElement(root) {
    var data = document.getElementById(root.getAttribute('data-snapshot-element'));
    var snap;
    try {
      snap = JSON.parse(data ? data.textContent : 'null');
    } catch (e) {
      snap = null;
    }
    var draw = function () { render(root, snap, 'report'); };
    draw();
    var pending = 0;
    window.addEventListener('resize', function () {
      clearTimeout(pending);
      pending = setTimeout(draw, 150);
    });
  }

  /** Live mode: poll until the rollout finishes; a failed poll keeps the last picture and says so. */
  function poll(root) {
    var url = root.getAttribute('data-snapshot-url');
    var every = Math.max(500, parseInt(root.getAttribute('data-poll-ms') || '2000', 10));
    var last = null;
    var tick = function () {
      fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) throw new Error('the server answered ' + response.status);
          return response.json();
        })
        .then(function (snap) {
          last = snap;
          render(root, snap, 'live');
          if (FINISHED.indexOf(snap.state) < 0) setTimeout(tick, every);
        })
        .catch(function (error) {
          var note = el('p', { 'class': 'pdp-error', role: 'alert', text: 'Could not refresh: ' + error.message
            + (last ? '; showing the state of ' + clock(last.updatedAt) + '.' : '.') });
          var old = root.querySelector('.pdp-error');
          if (old) old.remove();
          root.insertBefore(note, root.firstChild);
          setTimeout(tick, every * 2);
        });
    };
    tick();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-rollout-progress]'), function (root) {
      if (root.getAttribute('data-snapshot-url')) poll(root);
      else fromElement(root);
    });
  }

  window.RolloutProgress = { render: render, start: start, format: { value: value, clock: clock, duration: duration,
    stepName: stepName, icon: icon, svg: svg, el: el } };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else setTimeout(start, 0);
})();
