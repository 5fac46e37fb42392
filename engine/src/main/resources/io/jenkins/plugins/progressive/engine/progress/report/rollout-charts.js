/*
 * The SVG charts of the rollout progress renderer (rollout-progress.js draws the page and calls these). Drawn by hand
 * at the container's pixel width, so labels stay readable on a phone. Every chart has a title and a description for
 * screen readers, a legend in words, and shapes besides colours: the new version is solid, the old one hatched; a
 * passing measurement is a dot, a failing one a cross, an inconclusive one a hollow triangle, an error a square.
 */
(function () {
  'use strict';

  var seq = 0;
  var STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

  function f() { return window.RolloutProgress.format; }

  function ms(iso) { return iso ? Date.parse(iso) : NaN; }

  /** The time span every chart shares, so a reader can line up a failed check with the replicas at that moment. */
  function span(snap) {
    var start = ms(snap.startedAt);
    var end = ms(snap.finishedAt) || (snap.__live ? Math.max(Date.now(), ms(snap.updatedAt)) : ms(snap.updatedAt));
    return [start, Math.max(end, start + 1000)];
  }

  function frame(width, height, title, description) {
    var id = 'pdp-chart-' + (++seq);
    return f().svg('svg', { 'class': 'pdp-chart', viewBox: '0 0 ' + width + ' ' + height, width: width, height: height,
      role: 'img', 'aria-labelledby': id + '-t ' + id + '-d' }, [
      f().svg('title', { id: id + '-t', text: title }),
      f().svg('desc', { id: id + '-d', text: description })
    ]);
  }

  function scale(d0, d1, r0, r1) {
    return function (v) { return r0 + (v - d0) / (d1 - d0 || 1) * (r1 - r0); };
  }

  function timeAxis(chart, x, time, y) {
    var total = (time[1] - time[0]) / 1000;
    var step = STEPS_S.filter(function (s) { return total / s <= 6; })[0] || 14400;
    for (var s = 0; s <= total; s += step) {
      var px = x(time[0] + s * 1000);
      chart.appendChild(f().svg('line', { x1: px, x2: px, y1: y, y2: y + 4, 'class': 'pdp-axis' }));
      chart.appendChild(f().svg('text', { x: px, y: y + 16, 'text-anchor': 'middle', 'class': 'pdp-tick',
        text: s >= 3600 ? Math.floor(s / 3600) + ':' + pad(Math.floor(s / 60) % 60) + ' h'
          : Math.floor(s / 60) + ':' + pad(s % 60) }));
    }
    chart.appendChild(f().svg('line', { x1: x(time[0]), x2: x(time[1]), y1: y, y2: y, 'class': 'pdp-axis' }));
  }

  function pad(n) { return n < 10 ? '0' + n : String(n); }

  /** The smallest round number at or above v (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten). */
  function nice(v) {
    if (!(v > 0)) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= v * (1 - 1e-9)) return steps[i] * power;
    }
    return 10 * power;
  }

  function valueAxis(chart, y, lo, hi, left, right, label) {
    [lo, (lo + hi) / 2, hi].forEach(function (v) {
      chart.appendChild(f().svg('line', { x1: left, x2: right, y1: y(v), y2: y(v), 'class': 'pdp-grid' }));
      chart.appendChild(f().svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'class': 'pdp-tick',
        text: label(v) }));
    });
  }

  /** A dashed line where each step of the track began, labelled with the step. */
  function stepMarks(chart, snap, x, top, bottom, right) {
    (snap.steps || []).forEach(function (step) {
      if (!step.startedAt) return;
      var px = x(ms(step.startedAt));
      var nearEnd = px > right - 70;
      chart.appendChild(f().svg('line', { x1: px, x2: px, y1: top - 4, y2: bottom, 'class': 'pdp-step-mark pdp-step-mark--'
        + step.kind }));
      chart.appendChild(f().svg('text', { x: nearEnd ? px - 3 : px + 3, y: top - 6, 'text-anchor': nearEnd ? 'end' : null,
        'class': 'pdp-step-mark-label', text: step.label }));
    });
  }

  function legend(items) {
    return f().el('ul', { 'class': 'pdp-legend' }, items.map(function (item) {
      return f().el('li', {}, [f().svg('svg', { width: 18, height: 12, viewBox: '0 0 18 12', 'aria-hidden': 'true' },
        item[0]), item[1]]);
    }));
  }

  function hatch(chart) {
    var id = 'pdp-hatch-' + (++seq);
    chart.appendChild(f().svg('defs', {}, f().svg('pattern', { id: id, width: 6, height: 6, patternUnits: 'userSpaceOnUse',
      patternTransform: 'rotate(45)' }, [f().svg('rect', { width: 6, height: 6, 'class': 'pdp-old-fill' }),
      f().svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, 'class': 'pdp-old-hatch' })])));
    return 'url(#' + id + ')';
  }

  function versionRole(snap, version) {
    return version === snap.toVersion ? 'new' : 'old';
  }

  // ---- replicas ----------------------------------------------------------------------------------------------

  function versionBars(snap, last, width) {
    var versions = last.versions;
    var max = Math.max(last.desired, last.total, 1);
    var left = 150;
    var right = width - 60;
    var top = 18;
    var height = top + versions.length * 30 + 4;
    var chart = frame(width, height, 'Replicas per version now',
      versions.map(function (v) { return v.version + ': ' + v.replicas + ' replicas'; }).join('; ')
        + '; desired ' + last.desired + '.');
    var oldFill = hatch(chart);
    var x = scale(0, max, left, right);
    versions.forEach(function (v, i) {
      var y = top + i * 30;
      var role = versionRole(snap, v.version);
      chart.appendChild(f().svg('text', { x: left - 8, y: y + 15, 'text-anchor': 'end', 'class': 'pdp-label',
        text: v.version + (role === 'new' ? ' (new)' : ' (old)') }));
      chart.appendChild(f().svg('rect', { x: left, y: y, width: Math.max(0, x(v.replicas) - left), height: 20,
        'class': 'pdp-bar pdp-bar--' + role, fill: role === 'new' ? null : oldFill,
        'data-version': v.version, 'data-replicas': v.replicas }));
      chart.appendChild(f().svg('text', { x: x(v.replicas) + 6, y: y + 15, 'class': 'pdp-value', text: String(v.replicas) }));
    });
    chart.appendChild(f().svg('line', { x1: x(last.desired), x2: x(last.desired), y1: top - 4, y2: height,
      'class': 'pdp-desired' }));
    chart.appendChild(f().svg('text', { x: x(last.desired), y: top - 6, 'text-anchor': 'middle', 'class': 'pdp-tick',
      text: 'desired ' + last.desired }));
    return chart;
  }

  var COUNTS = ['desired', 'updated', 'ready', 'available'];

  /**
   * A canary's or blue/green release's Deployments now, one group each (its role, name and version as a heading),
   * with a bar per count: the count's name and number are written next to every bar, so nothing rests on colour.
   * The new version's bars are solid, the old one's hatched, as everywhere else.
   */
  function deploymentBars(snap, last, width) {
    var deployments = last.deployments;
    var max = Math.max.apply(null, deployments.map(function (d) { return Math.max(d.desired, d.total); }).concat([1]));
    var left = 86;
    var right = width - 44;
    var group = 24 + COUNTS.length * 22 + 10;
    var chart = frame(width, deployments.length * group, 'Replicas per Deployment now (desired, updated, ready, available)',
      deployments.map(function (d) {
        return d.role + ' ' + d.deployment + ' running ' + d.version + ': ' + COUNTS.map(function (c) {
          return d[c] + ' ' + c; }).join(', ');
      }).join('; ') + '.');
    var oldFill = hatch(chart);
    var x = scale(0, max, left, right);
    deployments.forEach(function (d, i) {
      var top = i * group;
      var role = versionRole(snap, d.version);
      chart.appendChild(f().svg('text', { x: 0, y: top + 15, 'class': 'pdp-label pdp-deployment-name',
        'data-deployment-label': d.deployment, text: d.role + ' \u00b7 ' + d.version + (role === 'new' ? ' (new)' : ' (old)')
          + ' \u00b7 ' + d.deployment }));
      COUNTS.forEach(function (c, j) {
        var y = top + 24 + j * 22;
        chart.appendChild(f().svg('text', { x: left - 8, y: y + 13, 'text-anchor': 'end', 'class': 'pdp-tick', text: c }));
        chart.appendChild(f().svg('rect', { x: left, y: y, width: Math.max(0, x(d[c]) - left), height: 16,
          'class': 'pdp-bar pdp-bar--' + role, fill: role === 'new' ? null : oldFill,
          'data-deployment': d.deployment, 'data-count': c, 'data-value': d[c] }));
        chart.appendChild(f().svg('text', { x: x(d[c]) + 6, y: y + 13, 'class': 'pdp-value', text: String(d[c]) }));
      });
    });
    return f().el('figure', { 'class': 'pdp-figure' }, [chart, legend([
      [f().svg('rect', { width: 18, height: 12, 'class': 'pdp-bar--new' }), snap.toVersion + ' (new version), solid'],
      [f().svg('rect', { width: 18, height: 12, 'class': 'pdp-bar--old', fill: oldFill }),
        'other versions, hatched']
    ])]);
  }

  function replicasOverTime(snap, width) {
    var samples = snap.replicas;
    var time = span(snap);
    // The new version grows from the bottom; the old one sits on top of it.
    var order = [snap.toVersion, snap.fromVersion || 'previous'];
    var max = nice(Math.max.apply(null, samples.map(function (s) { return Math.max(s.desired, s.total); }).concat([1])));
    var peak = Math.max.apply(null, samples.map(function (s) { return count(s, snap.toVersion); }));
    var first = samples[0];
    var last = samples[samples.length - 1];
    var height = 210;
    var left = 40;
    var top = 24;
    var bottom = height - 28;
    var chart = frame(width, height, 'Replicas per version over time', order.map(function (v) {
      return v + ': ' + count(first, v) + ' at first, ' + count(last, v) + ' at the end';
    }).join('; ') + '; ' + snap.toVersion + ' peaked at ' + peak + ' of ' + last.desired + ' desired.');
    var oldFill = hatch(chart);
    var x = scale(time[0], time[1], left, width - 12);
    var y = scale(0, max, bottom, top);
    valueAxis(chart, y, 0, max, left, width - 12, function (v) { return String(Math.round(v * 10) / 10); });
    samples.forEach(function (s, i) {
      var x0 = x(ms(s.time));
      var x1 = i + 1 < samples.length ? x(ms(samples[i + 1].time)) : x(time[1]);
      var base = 0;
      order.forEach(function (version) {
        var n = count(s, version);
        if (n > 0 && x1 > x0) {
          var role = versionRole(snap, version);
          chart.appendChild(f().svg('rect', { x: x0, y: y(base + n), width: x1 - x0, height: y(base) - y(base + n),
            'class': 'pdp-area pdp-area--' + role, fill: role === 'new' ? null : oldFill }));
        }
        base += n;
      });
    });
    chart.appendChild(f().svg('polyline', { points: stepLine(samples, x, y, 'available', time), 'class': 'pdp-line-available' }));
    chart.appendChild(f().svg('polyline', { points: stepLine(samples, x, y, 'desired', time), 'class': 'pdp-desired' }));
    stepMarks(chart, snap, x, top, bottom, width - 12);
    timeAxis(chart, x, time, bottom);
    var key = f().svg('rect', { width: 18, height: 12, 'class': 'pdp-bar--old', fill: oldFill });
    // Canary and blue/green: the lines are sums over their two Deployments.
    var both = last.deployments && last.deployments.length > 1 ? ' (both Deployments)' : '';
    return f().el('figure', { 'class': 'pdp-figure' }, [chart, legend([
      [f().svg('rect', { width: 18, height: 12, 'class': 'pdp-bar--new' }), snap.toVersion + ' (new version), solid'],
      [key, (snap.fromVersion || 'previous') + ' (old version), hatched'],
      [f().svg('line', { x1: 0, x2: 18, y1: 6, y2: 6, 'class': 'pdp-line-available' }), 'available replicas' + both],
      [f().svg('line', { x1: 0, x2: 18, y1: 6, y2: 6, 'class': 'pdp-desired' }), 'desired replicas' + both],
      [f().svg('line', { x1: 9, x2: 9, y1: 0, y2: 12, 'class': 'pdp-step-mark' }), 'a step began (time in min:s)']
    ])]);
  }

  function count(sample, version) {
    var match = sample.versions.filter(function (v) { return v.version === version; })[0];
    return match ? match.replicas : 0;
  }

  function stepLine(samples, x, y, field, time) {
    var points = [];
    samples.forEach(function (s, i) {
      var x1 = i + 1 < samples.length ? x(ms(samples[i + 1].time)) : x(time[1]);
      points.push(x(ms(s.time)) + ',' + y(s[field]), x1 + ',' + y(s[field]));
    });
    return points.join(' ');
  }

  // ---- checks ------------------------------------------------------------------------------------------------

  function check(snap, series, width) {
    var points = series.measurements;
    var time = span(snap);
    var unit = series.unit;
    var numbers = [];
    points.forEach(function (p) {
      numbers = numbers.concat(p.values, p.baselineValues, [p.lower, p.upper]);
    });
    numbers = numbers.filter(function (v) { return v !== null && v !== undefined; });
    var lo = Math.min.apply(null, numbers.concat([0]));
    var hi = Math.max.apply(null, numbers.concat([lo + 1e-9]));
    lo = lo < 0 ? -nice(-lo) : 0;
    hi = nice(hi * 1.1);
    var failed = points.filter(function (p) { return p.verdict !== 'pass'; }).length;
    var latest = points[points.length - 1];
    var height = 200;
    var left = 58;
    var top = 24;
    var bottom = height - 28;
    var chart = frame(width, height, series.name + ' measurements against ' + (series.condition || 'its condition'),
      points.length + ' measurements, ' + failed + ' not passing; latest ' + latest.values.map(function (v) {
        return f().value(v, unit);
      }).join(', ') + ' (' + latest.verdict + ').');
    var x = scale(time[0], time[1], left, width - 12);
    var y = scale(lo, hi, bottom, top);
    valueAxis(chart, y, lo, hi, left, width - 12, function (v) { return f().value(v, unit); });
    bound(chart, points, x, y, 'upper', 'fails above', unit, left, width - 12);
    bound(chart, points, x, y, 'lower', 'fails below', unit, left, width - 12);
    var line = [];
    var baseline = [];
    points.forEach(function (p) {
      var px = x(ms(p.time));
      if (p.values.length && p.values[0] !== null) line.push(px + ',' + y(p.values[0]));
      if (p.baselineValues.length && p.baselineValues[0] !== null) baseline.push(px + ',' + y(p.baselineValues[0]));
    });
    if (baseline.length) chart.appendChild(f().svg('polyline', { points: baseline.join(' '), 'class': 'pdp-line-baseline' }));
    chart.appendChild(f().svg('polyline', { points: line.join(' '), 'class': 'pdp-line-value' }));
    points.forEach(function (p) {
      var px = x(ms(p.time));
      var label = f().clock(p.time) + ', ' + f().stepName(snap, p.step) + ': ' + p.values.map(function (v) {
        return f().value(v, unit);
      }).join(', ') + ' — ' + p.verdict;
      (p.values.length ? p.values : [null]).forEach(function (v) {
        chart.appendChild(mark(p.verdict, px, v === null ? bottom - 4 : y(v), label));
      });
    });
    stepMarks(chart, snap, x, top, bottom, width - 12);
    timeAxis(chart, x, time, bottom);
    return f().el('figure', { 'class': 'pdp-figure' }, [chart, legend([
      [mark('pass', 9, 6), 'pass'], [mark('fail', 9, 6), 'fail'], [mark('inconclusive', 9, 6), 'inconclusive'],
      [mark('error', 9, 6), 'error'],
      [f().svg('line', { x1: 0, x2: 18, y1: 6, y2: 6, 'class': 'pdp-threshold' }), 'threshold (' + (series.condition || '?') + ')']
    ].concat(baseline.length ? [[f().svg('line', { x1: 0, x2: 18, y1: 6, y2: 6, 'class': 'pdp-line-baseline' }),
      'baseline version']] : []))]);
  }

  function bound(chart, points, x, y, field, words, unit, left, right) {
    var known = points.filter(function (p) { return p[field] !== null && p[field] !== undefined; });
    if (!known.length) return;
    var same = known.every(function (p) { return p[field] === known[0][field]; });
    var pts = same ? [left + ',' + y(known[0][field]), right + ',' + y(known[0][field])]
      : known.map(function (p) { return x(ms(p.time)) + ',' + y(p[field]); });
    chart.appendChild(f().svg('polyline', { points: pts.join(' '), 'class': 'pdp-threshold' }));
    var last = known[known.length - 1][field];
    chart.appendChild(f().svg('text', { x: right - 4, y: y(last) + (field === 'upper' ? -5 : 13), 'text-anchor': 'end',
      'class': 'pdp-threshold-label', text: words + ' ' + f().value(last, unit) }));
  }

  function mark(verdict, cx, cy, label) {
    var s = f().svg;
    var shape;
    if (verdict === 'pass') shape = s('circle', { cx: cx, cy: cy, r: 4.5 });
    else if (verdict === 'fail') shape = s('path', { d: 'M' + (cx - 4.5) + ' ' + (cy - 4.5) + 'l9 9m0 -9l-9 9' });
    else if (verdict === 'inconclusive') shape = s('path', { d: 'M' + cx + ' ' + (cy - 5) + 'l5 9h-10z' });
    else shape = s('rect', { x: cx - 4, y: cy - 4, width: 8, height: 8 });
    var g = s('g', { 'class': 'pdp-mark pdp-mark--' + verdict }, [shape]);
    if (label) g.appendChild(s('title', { text: label }));
    return g;
  }

  // ---- traffic -----------------------------------------------------------------------------------------------

  function traffic(snap, width) {
    var samples = snap.traffic.samples;
    var time = span(snap);
    var versions = [];
    samples.forEach(function (s) {
      s.weights.forEach(function (w) { if (versions.indexOf(w.version) < 0) versions.push(w.version); });
    });
    var height = 200;
    var top = 24;
    var bottom = height - 28;
    var last = samples[samples.length - 1];
    var chart = frame(width, height, 'Traffic weight per version over time (' + snap.traffic.routing + ')',
      'At the end: ' + last.weights.map(function (w) { return w.version + ' ' + w.percent + '%'; }).join(', ') + '.');
    var x = scale(time[0], time[1], 44, width - 12);
    var y = scale(0, 100, bottom, top);
    valueAxis(chart, y, 0, 100, 44, width - 12, function (v) { return v + '%'; });
    versions.forEach(function (version) {
      var points = [];
      samples.forEach(function (s, i) {
        var w = s.weights.filter(function (o) { return o.version === version; })[0];
        var pct = w ? w.percent : 0;
        var x1 = i + 1 < samples.length ? x(ms(samples[i + 1].time)) : x(time[1]);
        points.push(x(ms(s.time)) + ',' + y(pct), x1 + ',' + y(pct));
      });
      chart.appendChild(f().svg('polyline', { points: points.join(' '), 'class': 'pdp-weight pdp-weight--'
        + versionRole(snap, version) }));
    });
    samples.filter(function (s) { return s.marker; }).forEach(function (s) {
      var px = x(ms(s.time));
      chart.appendChild(f().svg('line', { x1: px, x2: px, y1: top, y2: bottom, 'class': 'pdp-marker pdp-marker--' + s.marker }));
      var nearEnd = px > width - 12 - 90;
      chart.appendChild(f().svg('text', { x: nearEnd ? px - 3 : px + 3, y: top + 10, 'text-anchor': nearEnd ? 'end' : null,
        'class': 'pdp-label', 'data-marker': s.marker, text: markerLabel(snap, s.marker) }));
    });
    timeAxis(chart, x, time, bottom);
    return f().el('figure', { 'class': 'pdp-figure' }, [chart, legend(versions.map(function (v) {
      return [f().svg('line', { x1: 0, x2: 18, y1: 6, y2: 6, 'class': 'pdp-weight pdp-weight--' + versionRole(snap, v) }),
        v + (versionRole(snap, v) === 'new' ? ' (new, solid line)' : ' (old, dashed line)')];
    }))]);
  }

  /** A blue/green release promotes by switching its Services, and rolls back by switching them back. */
  function markerLabel(snap, marker) {
    if (snap.strategy === 'blue-green') return marker === 'promotion' ? 'switch' : marker === 'rollback' ? 'switch back' : marker;
    return marker;
  }

  window.RolloutCharts = { versionBars: versionBars, deploymentBars: deploymentBars, replicasOverTime: replicasOverTime,
    check: check, traffic: traffic };
})();
